/**
 * The matching rules of spec §5.2 one at a time. Each scenario's packets are built,
 * matched by p0f-ts, and replayed through the real p0f with the same database; the test
 * asserts that the scenario reached the intended path on our side and that p0f printed
 * exactly what we would (os/app, dist, params, raw_sig). The compiled matcher must agree.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FuzzCaseBuilder, type FuzzCase } from '../../../compiler/fuzz/fuzz-database.js';
import { runP0fOracle } from '../../../compiler/fuzz/p0f-oracle.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { buildTcpTables } from '../../../compiler/tables/build-tables.js';
import { QUIRK_BIT, TcpObservation, type Direction } from '../../../runtime/fingerprint/tcp-types.js';
import { createCompiledTcpMatcher } from '../../../runtime/match/compiled-tcp-matcher.js';
import { createInterpretedTcpMatcher } from '../../../runtime/match/tcp-interpreter.js';

const P0F = '/usr/sbin/p0f';
const scratch = mkdtempSync(join(tmpdir(), 'p0f-ts-interp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Packet {
  readonly direction?: Direction;
  readonly peerMss?: number;
  readonly ipVersion?: 4 | 6;
  readonly ttl: number;
  readonly mss?: number;
  readonly window: number;
  readonly scale?: number;
  readonly layout?: readonly number[];
  readonly quirks?: readonly (keyof typeof QUIRK_BIT)[];
  readonly ts1?: number;
}

function observation(p: Packet): TcpObservation {
  const o = new TcpObservation();
  const layout = p.layout ?? [2];
  o.ipVersion = p.ipVersion ?? 4;
  o.ttl = p.ttl;
  o.mss = p.mss ?? 1460;
  o.window = p.window;
  o.windowScale = p.scale ?? 0;
  o.layout.set(layout);
  o.layoutLength = layout.length;
  o.quirks = (p.quirks ?? []).reduce((q, name) => q | QUIRK_BIT[name], 0);
  o.ts1 = layout.includes(8) ? (p.ts1 ?? 77) : 0;
  o.totalHeaderLength = (o.ipVersion === 6 ? 40 : 20) + 20 + (layout.length === 1 ? 4 : 20);
  return o;
}

/** What our side printed for each packet: `os=...|dist|params` plus the match tier. */
async function scenario(fp: string, packets: readonly Packet[]): Promise<string[]> {
  const path = join(scratch, `s${Math.random().toString(36).slice(2)}.fp`);
  writeFileSync(path, `classes = unix,win\n${fp}`);
  const loaded = loadDatabase(`classes = unix,win\n${fp}`, path);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const db = loaded.database!;
  const builder = new FuzzCaseBuilder(db, createInterpretedTcpMatcher(db));
  const compiled = createCompiledTcpMatcher(db, buildTcpTables(db));
  const cases: FuzzCase[] = packets.map((p) => {
    const direction = p.direction ?? 'request';
    const made = builder.build(db.tcpRequest[0] ?? db.tcpResponse[0]!, direction, observation(p), p.peerMss ?? (direction === 'response' ? 1460 : 0), 'exact');
    if (typeof made === 'string') throw new Error(made);
    return made;
  });
  for (const [i, c] of cases.entries()) {
    const p = packets[i]!;
    expect(compiled.match(observation(p), c.direction, c.peerMss)).toEqual(c.result);
  }
  const oracle = runP0fOracle(cases, { p0fPath: P0F, dbPath: path });
  expect(oracle.ok && oracle.disagreements.map((d) => ({ fields: d.fields, ours: d.case.expected, p0f: d.actual }))).toEqual([]);
  return cases.map((c) => `${c.result.kind === 'match' ? c.result.tier : c.result.fuzzyUserland ? 'none-userland' : 'none'} ${c.expected.label}|${c.expected.dist}|${c.expected.params}`);
}

describe('TCP matching rules (checked against the real p0f)', () => {
  it('needs the real p0f', () => expect(existsSync(P0F)).toBe(true));

  it('never compares the signature IP version with the packet (G2)', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:unix:V4:\nsig = 4:64:0:*:mss*20,7:mss,sok,ts,nop,ws::0\nlabel = s:unix:V6:\nsig = 6:64:0:*:1024,0:mss::0\n', [
      { ipVersion: 6, ttl: 60, mss: 1440, window: 28800, scale: 7, layout: [2, 4, 8, 1, 3] },
      { ipVersion: 4, ttl: 60, window: 1024 },
    ]);
    expect(out).toEqual(['exact os=V4|4|none', 'exact os=V6|4|none']);
  });

  it('a 4: signature with df,id+ matches an IPv6 packet only fuzzily', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:unix:DF:\nsig = 4:64:0:*:1024,0:mss:df,id+:0\n', [{ ipVersion: 6, ttl: 64, window: 1024 }]);
    expect(out).toEqual(['fuzzy os=DF|0|fuzzy']);
  });

  it('tolerates missing df/id+ and extra id-/ecn as fuzzy, but nothing else', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:unix:Q:\nsig = *:64:0:*:1024,0:mss:df,id+:0\n', [
      { ttl: 60, window: 1024, quirks: ['df', 'id+', 'ecn'] },
      { ttl: 60, window: 1024, quirks: ['id-'] },
      { ttl: 60, window: 1024, quirks: ['df', 'id+', 'pushf+'] },
    ]);
    expect(out).toEqual(['fuzzy os=Q|4|fuzzy', 'fuzzy os=Q|4|fuzzy', 'none os=???|4|none']);
  });

  it('a fuzzy match on a userland signature is no match with distance 0 (G9)', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:!:Tool:\nsys = @unix\nsig = *:64:0:*:1024,0:mss::0\n', [
      { ttl: 70, window: 1024 },
      { ttl: 60, window: 1024 },
    ]);
    expect(out).toEqual(['none-userland os=???|0|none', 'exact app=Tool|4|none']);
  });

  it('window 0 matches any %N (G23)', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:unix:Mod:\nsig = *:64:0:*:%1024,0:mss::0\n', [
      { ttl: 64, window: 0 },
      { ttl: 64, window: 3072 },
      { ttl: 64, window: 3000 },
    ]);
    expect(out).toEqual(['exact os=Mod|0|none', 'exact os=Mod|0|none', 'none os=???|0|none']);
  });

  it('random-TTL signatures are never fuzzy on TTL and print <= N', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:unix:Rnd:\nsig = *:64-:0:*:1024,0:mss::0\n', [
      { ttl: 70, window: 1024 },
      { ttl: 10, window: 1024 },
    ]);
    expect(out).toEqual(['none os=???|58|excess_dist', 'exact os=Rnd|<= 54|random_ttl excess_dist']);
  });

  it('more than 35 hops below the initial TTL is fuzzy, with the guessed distance', async () => {
    const out = await scenario('[tcp:request]\nlabel = s:unix:Far:\nsig = *:128:0:*:1024,0:mss::0\n', [
      { ttl: 60, window: 1024 },
      { ttl: 93, window: 1024 },
    ]);
    expect(out).toEqual(['fuzzy os=Far|4|fuzzy', 'exact os=Far|35|none']);
  });

  it('prefers the first specific exact match, then the first generic, then the first fuzzy', async () => {
    const fp = [
      '[tcp:request]',
      'label = g:unix:Gen1:', 'sig = *:64:0:*:1024,0:mss::0',
      'label = s:unix:Fuzzy:', 'sig = 4:64:0:*:1024,0:mss:df:0',
      'label = g:unix:Gen2:', 'sig = *:64:0:*:*,0:mss::0',
      'label = s:unix:Spec:', 'sig = *:64:0:1460:1024,0:mss::0',
      '',
    ].join('\n');
    const out = await scenario(fp, [
      { ttl: 64, window: 1024 },
      { ttl: 64, mss: 1400, window: 1024 },
      { ttl: 64, mss: 1400, window: 2048 },
      { ttl: 70, window: 1024 },
    ]);
    expect(out).toEqual(['exact os=Spec|0|none', 'generic os=Gen1|0|generic', 'generic os=Gen2|0|generic', 'fuzzy os=Gen1|58|generic fuzzy excess_dist']);
  });

  it('uses the SYN MSS for SYN+ACK window multiples, with 16-bit wrap for tiny values', async () => {
    const fp = '[tcp:response]\nlabel = s:unix:Peer:\nsig = *:64:0:*:mss*500,*:mss::0\n';
    const out = await scenario(fp, [
      { direction: 'response', peerMss: 13, ttl: 64, window: 500 },
      { direction: 'response', peerMss: 1460, ttl: 64, window: 500 },
      { direction: 'response', peerMss: 1, ttl: 64, window: 40001 },
    ]);
    expect(out).toEqual(['exact os=Peer|0|none', 'none os=???|0|none', 'none os=???|0|none']);
  });

  it('tries mss-12 only when the timestamp is non-zero', async () => {
    const fp = '[tcp:request]\nlabel = s:unix:TS:\nsig = *:64:0:1000:mss*3,0:mss,sok,ts,nop,ws::0\n';
    const out = await scenario(fp, [
      { ttl: 64, mss: 1000, window: 2964, layout: [2, 4, 8, 1, 3] },
      { ttl: 64, mss: 1000, window: 2964, layout: [2, 4, 8, 1, 3], ts1: 0, quirks: ['ts1-'] },
    ]);
    expect(out).toEqual(['exact os=TS|0|none', 'none os=???|0|none']);
  });
});
