/** Bounded state under a SYN flood from spoofed sources, and matcher replacement. */
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../../runtime/capture/capture-record.js';
import type { P0fEvent } from '../../../runtime/events/event.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import { createPacketProcessor, type ProcessorMatchers } from '../../../runtime/process/packet-processor.js';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet } from '../../../runtime/synth/packet-builder.js';

const EMPTY_DB: SignatureDatabase = {
  source: { file: 'empty', sha256: '' }, signatureCount: 0, classes: [], names: ['Testix'],
  tcpRequest: [], tcpResponse: [], mtu: [], httpRequest: [], httpResponse: [], uaOs: [],
};

function matchers(label: 'none' | 'Testix'): ProcessorMatchers {
  return {
    database: EMPTY_DB,
    tcp: {
      match: (_obs, direction) =>
        label === 'none'
          ? { kind: 'none', distance: 0, fuzzyUserland: false }
          : {
              kind: 'match', tier: 'exact', distance: 0,
              signature: {
                generic: false, classId: 0, nameId: 0, flavor: null, labelId: 1, sys: [], line: 1, direction,
                ipVersion: 'any', ttl: 64, badTtl: false, ipOptionLength: 0, mss: -1, window: { kind: 'any' },
                windowScale: -1, layout: [], eolPad: 0, quirks: 0, payloadClass: -1,
              },
            },
    },
    mtu: { lookup: () => null },
    http: null,
  };
}

function synFrame(): Uint8Array {
  return wrapEthernet(buildTcpPacket({
    src: '10.0.0.1', dst: '198.18.0.1', srcPort: 1, dstPort: 80, ttl: 64, df: true, ipId: 1, seq: 1,
    flags: TcpFlag.syn, window: 29200, options: [tcpOpt.mss(1460)], checksums: false,
  }));
}

function flood(compat: boolean, maxConnections: number, maxHosts: number, packets: number) {
  const events: P0fEvent[] = [];
  const p = createPacketProcessor({
    matchers: matchers('none'), compat, maxConnections, maxHosts, connectionMaxAgeSeconds: 30,
    hostIdleLimitMinutes: 120, readingFile: true, emit: (e) => events.push(e), warn: () => {},
  });
  const frame = synFrame();
  const rec: CaptureRecord = { data: frame, capturedLength: frame.length, originalLength: frame.length, seconds: 1000, microseconds: 0, linkType: 1 };
  let maxHostsSeen = 0;
  let maxFlowsSeen = 0;
  for (let i = 0; i < packets; i++) {
    frame[26] = 10; frame[27] = (i >> 16) & 0xff; frame[28] = (i >> 8) & 0xff; frame[29] = i & 0xff;
    frame[34] = (i >> 8) & 0xff; frame[35] = i & 0xff;
    p.process(rec);
    maxHostsSeen = Math.max(maxHostsSeen, p.hosts.count);
    maxFlowsSeen = Math.max(maxFlowsSeen, p.flows.count);
  }
  return { p, events, maxHostsSeen, maxFlowsSeen };
}

describe('SYN flood', () => {
  it.each([false, true])('keeps at most max+1 flows and hosts (compat %s)', (compat) => {
    const r = flood(compat, 50, 100, 20000);
    expect(r.maxFlowsSeen).toBeLessThanOrEqual(51);
    expect(r.maxHostsSeen).toBeLessThanOrEqual(101 + 1);
    expect(r.p.packetCount).toBe(20000);
    expect(r.events.filter((e) => e.keyword === 'syn')).toHaveLength(20000);
  });
});

describe('replaceMatchers', () => {
  it('uses the new matchers for later packets and keeps host state', () => {
    const events: P0fEvent[] = [];
    const p = createPacketProcessor({
      matchers: matchers('none'), compat: true, maxConnections: 10, maxHosts: 10, connectionMaxAgeSeconds: 30,
      hostIdleLimitMinutes: 120, readingFile: true, emit: (e) => events.push(e), warn: () => {},
    });
    const frame = synFrame();
    const rec: CaptureRecord = { data: frame, capturedLength: frame.length, originalLength: frame.length, seconds: 1000, microseconds: 0, linkType: 1 };
    p.process(rec);
    p.replaceMatchers(matchers('Testix'));
    frame[35] = 2;
    p.process(rec);
    const syns = events.filter((e) => e.keyword === 'syn').map((e) => e.fields[0].value);
    expect(syns).toEqual([null, 'Testix']);
    expect(p.hosts.count).toBe(2);
    expect(p.hosts.lookup(4, Uint8Array.of(10, 0, 0, 1), 0)?.totalConnections).toBe(2);
  });
});
