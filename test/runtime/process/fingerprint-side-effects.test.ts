/**
 * Side effects of fingerprinting on the host record (spec §6.3, §8.3, §9.3), with stub
 * matchers so each rule is isolated: distance (incl. G9), OS belief, link type.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../../runtime/capture/capture-record.js';
import type { TcpSignature } from '../../../runtime/fingerprint/tcp-types.js';
import type { TcpMatchResult } from '../../../runtime/match/match-result.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import { createPacketProcessor } from '../../../runtime/process/packet-processor.js';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet } from '../../../runtime/synth/packet-builder.js';

const DB: SignatureDatabase = {
  source: { file: 'stub', sha256: '' }, signatureCount: 0, classes: ['unix'], names: ['Linux', 'NMap'],
  tcpRequest: [], tcpResponse: [], mtu: [], httpRequest: [], httpResponse: [], uaOs: [],
};

function sig(over: Partial<TcpSignature>): TcpSignature {
  return {
    generic: false, classId: 0, nameId: 0, flavor: null, labelId: 1, sys: [], line: 1, direction: 'request',
    ipVersion: 'any', ttl: 64, badTtl: false, ipOptionLength: 0, mss: -1, window: { kind: 'any' }, windowScale: -1,
    layout: [], eolPad: 0, quirks: 0, payloadClass: -1, ...over,
  };
}

function runSyn(result: TcpMatchResult, link: string | null = null) {
  const p = createPacketProcessor({
    matchers: { database: DB, tcp: { match: () => result }, mtu: { lookup: () => link }, http: null },
    compat: true, maxConnections: 10, maxHosts: 10, connectionMaxAgeSeconds: 30, hostIdleLimitMinutes: 120,
    readingFile: true, emit: () => {}, warn: () => {},
  });
  const frame = wrapEthernet(buildTcpPacket({
    src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1000, dstPort: 80, ttl: 60, seq: 5, flags: TcpFlag.syn,
    window: 1000, options: [tcpOpt.mss(1460)],
  }));
  const rec: CaptureRecord = { data: frame, capturedLength: frame.length, originalLength: frame.length, seconds: 50, microseconds: 0, linkType: 1 };
  p.process(rec);
  const host = p.hosts.lookup(4, Uint8Array.of(10, 0, 0, 1), 0);
  if (host === null) throw new Error('client host missing');
  return { p, host };
}

describe('fingerprint side effects on the client host', () => {
  it('records distance, OS belief, quality and link type for an OS match', () => {
    const { host, p } = runSyn({ kind: 'match', signature: sig({ flavor: '3.x', generic: true }), tier: 'fuzzy', distance: 4 }, 'Ethernet or modem');
    expect(host.distance).toBe(4);
    expect([host.lastClassId, host.lastNameId, host.lastFlavor, host.lastQuality]).toEqual([0, 0, '3.x', 3]);
    expect(host.linkType).toBe('Ethernet or modem');
    expect(host.lastSyn?.ttl).toBe(60);
    expect(host.totalConnections).toBe(1);
    expect(p.flows.count).toBe(1);
  });

  it('leaves the distance alone for a random-TTL signature', () => {
    const { host } = runSyn({ kind: 'match', signature: sig({ badTtl: true }), tier: 'exact', distance: 4 });
    expect(host.distance).toBe(255);
  });

  it('G9: a fuzzy userland candidate gives no match and distance 0', () => {
    const { host } = runSyn({ kind: 'none', distance: 0, fuzzyUserland: true });
    expect(host.distance).toBe(0);
    expect(host.lastNameId).toBe(-1);
    expect(host.lastSyn?.matched).toBeNull();
  });

  it('a tool match stores nothing and drops the flow, but still sets the distance', () => {
    const { host, p } = runSyn({ kind: 'match', signature: sig({ classId: -1, nameId: 1 }), tier: 'exact', distance: 7 });
    expect(host.distance).toBe(7);
    expect(host.lastSyn).toBeNull();
    expect(host.lastNameId).toBe(-1);
    expect(host.linkType).toBeNull();
    expect(p.flows.count).toBe(0);
    expect(host.totalConnections).toBe(1);
  });
});
