import { describe, expect, it } from 'vitest';
import { TcpObservation } from '../../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier, type WindowMultiplier } from '../../../runtime/fingerprint/window-multiplier.js';

function obs(fields: Partial<Pick<TcpObservation, 'ipVersion' | 'mss' | 'window' | 'ts1' | 'totalHeaderLength'>>): TcpObservation {
  const o = new TcpObservation();
  o.totalHeaderLength = 40;
  Object.assign(o, fields);
  return o;
}

function detect(o: TcpObservation, peerMss = 0): WindowMultiplier {
  return detectWindowMultiplier(o, peerMss, { multiplier: 0, useMtu: false });
}

// Expected values are the spec's verified (real p0f) examples, spec §5.3.
describe('detectWindowMultiplier', () => {
  it('returns none for window 0 or MSS below 100', () => {
    expect(detect(obs({ mss: 1460, window: 0 })).multiplier).toBeLessThanOrEqual(0);
    expect(detect(obs({ mss: 99, window: 990 })).multiplier).toBeLessThanOrEqual(0);
  });
  it('prefers the MSS itself', () => {
    expect(detect(obs({ mss: 1460, window: 14600 }))).toEqual({ multiplier: 10, useMtu: false });
  });
  it('tries mss-12 only with a non-zero TSval', () => {
    expect(detect(obs({ mss: 1460, window: 1448 * 7 })).multiplier).toBe(7); // via the 1448 constant
    expect(detect(obs({ mss: 1000, window: 988 * 3 })).multiplier).toBeLessThanOrEqual(0);
    expect(detect(obs({ mss: 1000, window: 988 * 3, ts1: 5 }))).toEqual({ multiplier: 3, useMtu: false });
  });
  it('tries 1440/1428 and mss+60 only for IPv6', () => {
    expect(detect(obs({ mss: 1000, window: 1440 * 2 })).multiplier).toBeLessThanOrEqual(0);
    expect(detect(obs({ mss: 1000, window: 1440 * 2, ipVersion: 6 }))).toEqual({ multiplier: 2, useMtu: false });
    expect(detect(obs({ mss: 1000, window: 1428 * 3, ipVersion: 6 }))).toEqual({ multiplier: 3, useMtu: false });
    expect(detect(obs({ mss: 1001, window: 1061 * 3, ipVersion: 6, totalHeaderLength: 60 }))).toEqual({ multiplier: 3, useMtu: true });
  });
  it('finds MTU forms via mss+40, mss+header length and 1500', () => {
    expect(detect(obs({ mss: 1460, window: 1500 * 4 }))).toEqual({ multiplier: 4, useMtu: true });
    expect(detect(obs({ mss: 1032, window: 1072 * 2 }))).toEqual({ multiplier: 2, useMtu: true });
    // IPv4 with 20 bytes of IP options: 3216 = 3 * (1012 + 60) -> mtu*3
    expect(detect(obs({ mss: 1012, window: 3216, totalHeaderLength: 60 }))).toEqual({ multiplier: 3, useMtu: true });
  });
  it('uses the peer MSS last, with signed 16-bit wrap and negative divisors', () => {
    expect(detect(obs({ mss: 1460, window: 40001 }), 1).multiplier).toBeLessThanOrEqual(0);
    expect(detect(obs({ mss: 1460, window: 5003 }), 13)).toEqual({ multiplier: 5003, useMtu: false });
    expect(detect(obs({ mss: 1460, window: 40009 }), 13).multiplier).toBeLessThanOrEqual(0);
    expect(detect(obs({ mss: 1460, window: 5005 }), 5)).toEqual({ multiplier: 1001, useMtu: false });
    expect(detect(obs({ mss: 1460, window: 5003 }), 5).multiplier).toBeLessThanOrEqual(0);
    expect(detect(obs({ mss: 1460, window: 5005 * 7 }), 5).multiplier).toBe(7007);
    // peer 12: step 12 divisor is 0 and skipped
    expect(detect(obs({ mss: 1460, window: 37 }), 12).multiplier).toBeLessThanOrEqual(0);
    // peer 5: step 12 divisor is -7; a divisible window gives a negative quotient
    expect(detect(obs({ mss: 1460, window: 7 * 37 }), 5).multiplier).toBe(-37);
  });
});
