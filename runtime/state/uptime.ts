/**
 * Uptime from TCP timestamp clocks (spec §8.5): frequency estimate against the host's
 * previous stored SYN / SYN+ACK, p0f's accepted ranges and its frequency snapping.
 */
import type { StoredTimestamp } from './host-record.js';

const MIN_TWAIT_MS = 25;
const MAX_TWAIT_MS = 600000;
const MIN_TSCALE = 0.7;
const MAX_TSCALE = 1500;
const U32_MAX = 0xffffffff;

/** Outcome of one measurement. Reused object: read it before the next call. */
export interface UptimeEstimate {
  kind: 'skip' | 'rejected' | 'accepted';
  /** Raw frequency in Hz (for `raw_freq`). */
  frequency: number;
  /** Snapped frequency, the flow direction's new `tps`. */
  snapped: number;
  upMinutes: number;
  modDays: number;
}

const estimate: UptimeEstimate = { kind: 'skip', frequency: 0, snapped: 0, upMinutes: 0, modDays: 0 };

/** p0f's snapping of a measured rate to a plausible clock (§8.5 table). */
export function snapFrequency(f: number): number {
  const n = Math.trunc(f);
  if (n === 0) return 1;
  if (n <= 10) return n;
  if (n <= 50) return Math.floor((n + 3) / 5) * 5;
  if (n <= 100) return Math.floor((n + 7) / 10) * 10;
  if (n <= 500) return Math.floor((n + 33) / 50) * 50;
  return Math.floor((n + 67) / 100) * 100;
}

/**
 * Measures the clock between `ref` and the current packet (ts1, receivedMs). `skip`
 * means no measurement was possible; `rejected` means the rate was out of range.
 */
export function estimateUptime(ref: StoredTimestamp, ts1: number, receivedMs: number): UptimeEstimate {
  estimate.kind = 'skip';
  // Unsigned 64-bit in p0f: a packet older than the reference gives a huge interval.
  const ms = receivedMs - ref.receivedMs;
  if (ms < MIN_TWAIT_MS || ms > MAX_TWAIT_MS) return estimate;
  const d = (ts1 - ref.ts1) >>> 0;
  if (d < 5) return estimate;
  const back = U32_MAX - d;
  if (ms < 100 && Math.floor(back / 1000) < 15) return estimate;
  const f = d > back ? (-back * 1000.0) / ms : (d * 1000.0) / ms;
  estimate.frequency = f;
  if (f < MIN_TSCALE || f > MAX_TSCALE) {
    estimate.kind = 'rejected';
    return estimate;
  }
  const n = snapFrequency(f);
  estimate.kind = 'accepted';
  estimate.snapped = n;
  estimate.upMinutes = Math.floor(Math.floor(ts1 / n) / 60);
  estimate.modDays = Math.floor(U32_MAX / (n * 86400));
  return estimate;
}

/** `<d> days <h> hrs <m> min (modulo <n> days)` */
export function formatUptime(upMinutes: number, modDays: number): string {
  return `${Math.floor(upMinutes / 1440)} days ${Math.floor(upMinutes / 60) % 24} hrs ${upMinutes % 60} min (modulo ${modDays} days)`;
}

/**
 * C `printf("%.2f")`: rounds the exact binary value, ties to even. `toFixed` rounds the
 * exact value too but breaks exact ties upwards, so ties are detected and fixed here.
 */
export function formatFixed2(x: number): string {
  const exact = Math.abs(x).toFixed(60);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 3);
  if (tail[0] === '5' && /^50*$/.test(tail)) {
    const kept = exact.slice(0, dot + 3);
    const lastDigit = kept.charCodeAt(kept.length - 1) - 48;
    if (lastDigit % 2 === 0) return (x < 0 ? '-' : '') + kept;
  }
  return x.toFixed(2);
}
