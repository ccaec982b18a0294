import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainTcpRawSig } from '../../../compiler/explain/explain-tcp-raw-sig.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { loggedTcpObservations } from './corpus-observations.js';

const db = loadDatabase(readFileSync('/etc/p0f/p0f.fp', 'latin1'), '/etc/p0f/p0f.fp').database;

function explain(rawSig: string, direction: 'request' | 'response' = 'request', peerMss = 0) {
  if (db === null) throw new Error('stock database does not load');
  const explained = explainTcpRawSig(direction === 'request' ? db.tcpRequest : db.tcpResponse, rawSig, direction, peerMss);
  if (!explained.ok) throw new Error(explained.error);
  return explained.explanation;
}

describe('explainTcp on the upstream database', () => {
  it('names the winner and the field that failed for its neighbours', () => {
    const e = explain('4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0');
    const winner = e.candidates[0]!;
    expect(winner.winner).toBe(true);
    expect(winner.signature.line).toBe(97);
    const line96 = e.candidates.find((c) => c.signature.line === 96);
    expect(line96?.fields.filter((f) => f.verdict === 'fail').map((f) => f.field)).toEqual(['scale']);
    const generic = e.candidates.find((c) => c.signature.line === 164);
    expect(generic?.fit).toBe('generic');
    expect(generic?.note).toMatch(/specific match at line 97 wins/);
  });
  it('explains a fuzzy match by the quirk difference and the TTL distance', () => {
    // Linux 3.11 without id+ and from 40 hops away: quirk and TTL are both fuzzy.
    const e = explain('4:24+8:0:1460:mss*20,7:mss,sok,ts,nop,ws:df:0');
    expect(e.result.kind === 'match' && e.result.tier).toBe('fuzzy');
    const winner = e.candidates[0]!;
    expect(winner.fields.filter((f) => f.verdict === 'fuzzy').map((f) => f.field).sort()).toEqual(['quirks', 'ttl']);
    expect(winner.fields.find((f) => f.field === 'quirks')?.detail).toMatch(/signature has id\+ the packet lacks/);
  });
  it('explains a no-match with option-layout near misses', () => {
    const e = explain('4:64+0:0:1460:mss*20,7:mss,nop,sok,ts,nop,ws:df,id+:0');
    expect(e.result.kind).toBe('none');
    expect(e.candidates[0]?.winner).toBe(false);
    expect(e.candidates[0]?.fields.find((f) => f.field === 'layout')?.detail).toMatch(/options differ: signature mss,sok,ts,nop,ws, packet mss,nop,sok,ts,nop,ws/);
  });

  it("agrees with the real p0f's label, distance and params for the corpus syn/syn+ack lines", () => {
    const logged = loggedTcpObservations();
    expect(logged.length).toBeGreaterThan(1000);
    const disagreements: string[] = [];
    for (const entry of logged) {
      const e = explain(entry.rawSig, entry.mod === 'syn' ? 'request' : 'response', entry.peerMss);
      const r = e.result;
      const label = r.kind === 'match' ? `${db!.names[r.signature.nameId]}${r.signature.flavor ? ` ${r.signature.flavor}` : ''}` : '???';
      const key = r.kind === 'match' && r.signature.classId === -1 ? 'app' : 'os';
      const dist = r.kind === 'match' && r.signature.badTtl ? `<= ${r.distance}` : String(r.distance);
      const params = r.kind === 'match'
        ? [r.signature.generic ? 'generic' : '', r.tier === 'fuzzy' ? 'fuzzy' : '', r.signature.badTtl ? 'random_ttl' : '', r.distance > 35 ? 'excess_dist' : '']
        : ['', '', '', r.distance > 35 ? 'excess_dist' : ''];
      const ours = `${key}=${label}|dist=${dist}|params=${params.filter((p) => p !== '').join(' ') || 'none'}`;
      const theirs = `${entry.key}=${entry.label}|dist=${entry.dist}|params=${entry.params.replace(/ ?tos:0x[0-9a-f]{2}/, '') || 'none'}`;
      // sendsyn flows print `app` for any match; the raw_sig alone cannot tell.
      if (ours !== theirs && !(entry.key === 'app' && ours.replace(/^os=/, 'app=') === theirs)) disagreements.push(`${entry.file}: ${entry.rawSig}: p0f ${theirs}, explain ${ours}`);
    }
    expect(disagreements).toEqual([]);
  }, 600_000);
});
