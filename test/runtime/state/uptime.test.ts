/** Uptime arithmetic (spec §8.5); expected values are the spec's [V] observations of p0f 3.09b. */
import { describe, expect, it } from 'vitest';
import type { StoredTimestamp } from '../../../runtime/state/host-record.js';
import { estimateUptime, formatFixed2, formatUptime, snapFrequency } from '../../../runtime/state/uptime.js';

function ref(ts1: number, receivedMs: number): StoredTimestamp {
  return { ts1, receivedMs };
}

describe('snapFrequency', () => {
  it.each([
    [0.7, 1], [0.8, 1], [5.5, 5], [10.9, 10], [11, 10], [12, 15], [13, 15], [51, 50], [55, 60], [57, 60],
    [101, 100], [116, 100], [117, 150], [130, 150], [532, 500], [533, 600], [999, 1000], [1432, 1400],
    [1433, 1500], [1500, 1500],
  ])('%f Hz → %i', (f, n) => {
    expect(snapFrequency(f)).toBe(n);
  });
});

describe('formatFixed2 (C %.2f, ties to even)', () => {
  it.each([
    [100.125, '100.12'], [100.375, '100.38'], [100.625, '100.62'], [250, '250.00'], [247.5249, '247.52'], [0.7, '0.70'],
  ])('%f → %s', (x, s) => {
    expect(formatFixed2(x)).toBe(s);
  });

  it('differs from toFixed on an exact tie', () => {
    expect((100.125).toFixed(2)).toBe('100.13');
    expect(formatFixed2(100.125)).toBe('100.12');
  });
});

describe('estimateUptime', () => {
  it('250 Hz example: TSval 1000000 → 1000250 over 1 s', () => {
    const e = estimateUptime(ref(1_000_000, 5_000), 1_000_250, 6_000);
    expect(e.kind).toBe('accepted');
    expect(e.snapped).toBe(250);
    expect(formatUptime(e.upMinutes, e.modDays)).toBe('0 days 1 hrs 6 min (modulo 198 days)');
    expect(formatFixed2(e.frequency)).toBe('250.00');
  });

  it.each([[1, 49710], [10, 4971], [100, 497], [250, 198], [1000, 49]])('mod_days at %i Hz is %i', (hz, days) => {
    const e = estimateUptime(ref(1_000_000, 0), 1_000_000 + hz * 10, 10_000);
    expect(e.kind).toBe('accepted');
    expect(e.modDays).toBe(days);
  });

  it('rejects rates above 1500 Hz and below 0.7 Hz', () => {
    expect(estimateUptime(ref(0, 0), 15001, 10_000).kind).toBe('rejected'); // 1500.1 Hz
    expect(estimateUptime(ref(0, 0), 5, 10_000).kind).toBe('rejected'); // 0.5 Hz
    expect(estimateUptime(ref(0, 0), 15000, 10_000).kind).toBe('accepted');
  });

  it('skips intervals outside 25 ms .. 600 s, tiny steps, and earlier packets', () => {
    expect(estimateUptime(ref(0, 1000), 100, 1024).kind).toBe('skip');
    expect(estimateUptime(ref(0, 0), 1_000_000, 600_001).kind).toBe('skip');
    expect(estimateUptime(ref(100, 0), 104, 1000).kind).toBe('skip');
    expect(estimateUptime(ref(0, 5000), 1000, 1000).kind).toBe('skip');
  });

  it('treats a large backwards step as a negative rate (rejected)', () => {
    expect(estimateUptime(ref(1_000_000, 0), 900_000, 1000).kind).toBe('rejected');
  });
});
