import { describe, expect, it } from 'vitest';
import { rawMtu } from '../../../runtime/fingerprint/mtu.js';
import { TcpObservation } from '../../../runtime/fingerprint/tcp-types.js';
import { corpusCaptures, decodeCaptureSigs, oracleLogPath, oracleMtus } from '../decode/corpus-packets.js';

describe('rawMtu against the raw_mtu of the real p0f corpus logs', () => {
  let checked = 0;
  for (const capture of corpusCaptures()) {
    const name = capture.split('/').pop() ?? capture;
    const oracle = oracleMtus(oracleLogPath(capture));
    if (oracle.length === 0) continue;
    it(name, () => {
      const { mtus } = decodeCaptureSigs(capture, true);
      const missing = oracle.filter((o) => !(mtus.get(o.key) ?? []).includes(o.mtu));
      expect(missing).toEqual([]);
      checked += oracle.length;
    });
  }
  it('covered the corpus', () => {
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('rawMtu', () => {
  it('is MSS + 40 (IPv4) or + 60 (IPv6), and 0 without an MSS', () => {
    const obs = new TcpObservation();
    obs.mss = 1460;
    expect(rawMtu(obs)).toBe(1500);
    obs.ipVersion = 6;
    obs.mss = 1220;
    expect(rawMtu(obs)).toBe(1280);
    obs.mss = 0;
    expect(rawMtu(obs)).toBe(0);
  });
});
