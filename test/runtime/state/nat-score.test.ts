/** The score history of spec §8.2 (thresholds, resets, reason accumulation). */
import { describe, expect, it } from 'vitest';
import type { HostRecord } from '../../../runtime/state/host-record.js';
import { HostTable } from '../../../runtime/state/host-table.js';
import { formatNatReasons, NatReason } from '../../../runtime/state/nat-reason.js';
import { pushNatScore } from '../../../runtime/state/nat-score.js';

function newHost(): HostRecord {
  return new HostTable(4).create(4, Uint8Array.of(10, 0, 0, 1), 0, 0);
}

describe('pushNatScore', () => {
  it('prints nothing for score 0 or 1, host change for 2+, with this call\'s reasons only', () => {
    const h = newHost();
    expect(pushNatScore(h, 'cli', 0, NatReason.port, 1).kind).toBe('none');
    expect(pushNatScore(h, 'cli', 1, NatReason.fuzzy, 2).kind).toBe('none');
    const v = pushNatScore(h, 'cli', 8, NatReason.osDiff, 3);
    expect(v.kind).toBe('host change');
    expect(formatNatReasons(v.reasons)).toBe('os_diff');
    expect([v.over5, v.over2, v.over1, v.over0]).toEqual([1, 1, 1, 2]);
    expect(h.lastChange).toBe(3);
    expect(h.natReasons).toBe(NatReason.port | NatReason.fuzzy | NatReason.osDiff);
  });

  it('promotes to ip sharing on the third score above 5, reporting accumulated reasons, then resets', () => {
    const h = newHost();
    pushNatScore(h, 'cli', 8, NatReason.osDiff, 1);
    pushNatScore(h, 'cli', 8, NatReason.ttl, 2);
    const v = pushNatScore(h, 'cli', 8, NatReason.osDiff, 3);
    expect(v.kind).toBe('ip sharing');
    expect([v.over5, v.over2, v.over1, v.over0]).toEqual([3, 3, 3, 3]);
    expect(formatNatReasons(v.reasons)).toBe('os_diff ttl');
    expect(h.lastNat).toBe(3);
    expect(h.natReasons).toBe(0);
    expect(h.board('cli').every((s) => s === 0)).toBe(true);
    expect(pushNatScore(h, 'cli', 8, NatReason.osDiff, 4).over5).toBe(1);
  });

  it('keeps client and server boards apart but shares the reason mask', () => {
    const h = newHost();
    pushNatScore(h, 'cli', 8, NatReason.osDiff, 1);
    pushNatScore(h, 'cli', 8, NatReason.osDiff, 2);
    const v = pushNatScore(h, 'srv', 8, NatReason.srvSigLb, 3);
    expect(v.kind).toBe('host change');
    expect(v.over5).toBe(1);
    expect(h.natReasons).toBe(NatReason.osDiff | NatReason.srvSigLb);
  });

  it('forgets scores older than 32 pushes', () => {
    const h = newHost();
    pushNatScore(h, 'cli', 8, NatReason.osDiff, 1);
    pushNatScore(h, 'cli', 8, NatReason.osDiff, 1);
    for (let i = 0; i < 31; i++) pushNatScore(h, 'cli', 0, 0, 1);
    expect(pushNatScore(h, 'cli', 8, NatReason.osDiff, 2).kind).toBe('host change');
  });
});

describe('formatNatReasons', () => {
  it('prints names in p0f order and ??? (null) for none', () => {
    expect(formatNatReasons(NatReason.uaVsOs | NatReason.appVsOs | NatReason.tstamp | NatReason.ttl)).toBe('app_vs_os tstamp ttl ua_vs_os');
    expect(formatNatReasons(0)).toBeNull();
  });
});
