/** Observation fields of spec §6.1; expected texts are p0f 3.09b's ([V] in the spec). */
import { describe, expect, it } from 'vitest';
import { buildTcpEvent, formatLabelText } from '../../../runtime/events/build-tcp-event.js';
import type { TcpSignature } from '../../../runtime/fingerprint/tcp-types.js';
import type { TcpMatchResult } from '../../../runtime/match/match-result.js';
import { FlowTable } from '../../../runtime/state/flow-table.js';
import { HostTable } from '../../../runtime/state/host-table.js';

const NAMES = ['Linux', 'Mac OS X', 'NMap'];

function sig(over: Partial<TcpSignature> = {}): TcpSignature {
  return {
    generic: false, classId: 0, nameId: 0, flavor: '3.11 and newer', labelId: 1, sys: [], line: 10,
    direction: 'request', ipVersion: 'any', ttl: 64, badTtl: false, ipOptionLength: 0, mss: -1,
    window: { kind: 'mss', multiplier: 20 }, windowScale: -1, layout: [2, 4, 8, 1, 3], eolPad: 0, quirks: 0, payloadClass: 0,
    ...over,
  };
}

function flow(sendsyn = false) {
  const hosts = new HostTable(4, 1);
  const flows = new FlowTable(hosts, 4, 1);
  const f = flows.create(hosts.create(4, Uint8Array.of(10, 0, 0, 1), 0, 1), hosts.create(6, new Uint8Array(16), 0, 1), 40000, 80, 0, 1);
  f.sendsyn = sendsyn;
  return f;
}

const T = { seconds: 1, microseconds: 2 };
const fields = (r: TcpMatchResult, tos = 0, sendsyn = false, synAck = false) =>
  buildTcpEvent(flow(sendsyn), synAck, r, tos, 'RAW', NAMES, T).fields.map((f) => `${f.key}=${f.value ?? '???'}`);

describe('buildTcpEvent', () => {
  it('exact OS match', () => {
    expect(fields({ kind: 'match', signature: sig(), tier: 'exact', distance: 7 })).toEqual([
      'os=Linux 3.11 and newer', 'dist=7', 'params=none', 'raw_sig=RAW',
    ]);
  });

  it('generic fuzzy with excess distance and a DSCP', () => {
    expect(fields({ kind: 'match', signature: sig({ generic: true }), tier: 'fuzzy', distance: 40 }, 0x3f)).toEqual([
      'os=Linux 3.11 and newer', 'dist=40', 'params=generic fuzzy excess_dist tos:0x3f', 'raw_sig=RAW',
    ]);
  });

  it('random TTL tool: app key, `<= N` distance, random_ttl', () => {
    const r: TcpMatchResult = { kind: 'match', signature: sig({ classId: -1, nameId: 2, flavor: 'SYN scan', badTtl: true }), tier: 'exact', distance: 14 };
    expect(fields(r)).toEqual(['app=NMap SYN scan', 'dist=<= 14', 'params=random_ttl', 'raw_sig=RAW']);
  });

  it('no match prints ??? under os, with tos and excess_dist only', () => {
    expect(fields({ kind: 'none', distance: 128, fuzzyUserland: false }, 4)).toEqual([
      'os=???', 'dist=128', 'params=excess_dist tos:0x04', 'raw_sig=RAW',
    ]);
  });

  it('sendsyn flows use the app key and the sendsyn keywords', () => {
    const r: TcpMatchResult = { kind: 'match', signature: sig(), tier: 'exact', distance: 0 };
    const e = buildTcpEvent(flow(true), true, r, 0, 'RAW', NAMES, T);
    expect(e.keyword).toBe('sendsyn response');
    expect(e.subject).toBe('srv');
    expect(e.fields[0].key).toBe('app');
    expect(e.data.distance).toBe(0);
  });

  it('a label without a flavor has no trailing space', () => {
    expect(formatLabelText(NAMES, sig({ nameId: 1, flavor: null }))).toBe('Mac OS X');
    expect(formatLabelText(NAMES, sig({ nameId: 1, flavor: '' }))).toBe('Mac OS X');
  });
});
