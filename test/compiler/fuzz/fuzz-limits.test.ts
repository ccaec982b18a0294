/**
 * The signatures the fuzzer used to give up on: `bad` (malformed options), IP options on a
 * `6:` signature, `mss*N` windows beyond MSS*N, and `mss*N` on a SYN+ACK that only a tiny
 * peer MSS reaches. Every packet synthesised for them goes through the real p0f 3.09b,
 * which must name the intended signature. The cases that stay impossible are reported with
 * their reason, and the real p0f confirms the obvious attempts fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzDatabase, type FuzzCase } from '../../../compiler/fuzz/fuzz-database.js';
import { casesToPcap, compareWithP0f, parseP0fLog, type ParsedP0fLog } from '../../../compiler/fuzz/p0f-oracle.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { QUIRK_BIT } from '../../../runtime/fingerprint/tcp-types.js';
import { LinkType, writePcap } from '../../../runtime/capture/pcap-writer.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import { buildTcpPacket, tcpOpt, type TcpOptionSpec } from '../../../runtime/synth/packet-builder.js';

const P0F = '/usr/sbin/p0f';
const scratch = mkdtempSync(join(tmpdir(), 'p0f-ts-fuzz-limits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NOP23 = new Array<string>(23).fill('nop').join(',');

/** One signature per way to reach a formerly unsynthesisable signature; layouts differ, so none shadows another. */
const REACHABLE = [
  'classes = unix',
  '[tcp:request]',
  'label = s:unix:WrongLength:',
  'sig   = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+,bad:0',
  'label = s:unix:CutMss:',
  'sig   = 4:64:0:*:2048,0:nop,mss:df,bad:0',
  'label = s:unix:CutTs:',
  'sig   = 4:128:0:*:*,*:nop,ts:df,id+,bad:*',
  'label = s:unix:CutWs:',
  'sig   = *:64:0:*:%512,0:nop,nop,ws:bad:0',
  'label = s:unix:CutSok:',
  'sig   = 4:64:0:*:*,*:nop,nop,nop,sok:df,bad:0',
  'label = s:unix:CutSack:',
  'sig   = 4:64:0:0:1024,0:nop,nop,sack:bad:0',
  'label = s:unix:CutUnknown:',
  'sig   = 6:64:0:0:4096,0:nop,?30:bad:0',
  'label = s:unix:Trailing:',
  `sig   = 4:64:0:*:*,*:mss,${NOP23}:bad:0`,
  'label = s:unix:EolOptPlus:',
  'sig   = 4:64:0:*:*,*:mss,nop,nop,nop,eol+4:df,opt+,bad:0',
  'label = s:unix:MtuBad:',
  'sig   = 4:64:8:*:mtu*4,*:mss,nop,nop,sok:df,bad:0',
  'label = s:unix:Olen6:',
  'sig   = 6:64:8:1460:1024,0:mss::0',
  'label = s:unix:BigMss:',
  'sig   = 4:64:0:9000:mss*10,0:mss:df:0',
  '[tcp:response]',
  'label = s:unix:TinyPeer:',
  'sig   = *:64:0:*:mss*1000,*:mss:df:0',
  'label = s:unix:RespWrongLength:',
  'sig   = *:64:0:*:mss*10,4:mss,nop,ws:df,bad:0',
  'label = s:unix:RespCutMss:',
  'sig   = *:64:0:*:*,*:nop,mss:bad:0',
  '',
].join('\n');

/** Each stays impossible; the reason must say why. */
const IMPOSSIBLE: readonly (readonly [string, string, RegExp])[] = [
  ['MssNoOption', '4:64:0:0:mss*4,0:nop,nop,nop,nop:df:0', /mss\*4 needs an MSS option: without one p0f never reads a window as a multiple \(it has no default MSS\)/],
  ['MtuNoOption', '4:64:0:0:mtu*4,0::df:0', /mtu\*4 needs an MSS option/],
  ['SmallMss', '4:64:0:50:mss*10,0:mss:df:0', /MSS 50: p0f reads a window as a multiple only when the MSS is at least 100/],
  ['OddOlen', '4:64:3:1460:1024,0:mss:df:0', /IP option length 3: p0f takes it from the IPv4 header length \(0 to 40 in steps of 4; always 0 for IPv6\)/],
  ['BigOlen', '4:64:44:1460:1024,0:mss:df:0', /IP option length 44:/],
  ['FlowOlen', '6:64:4:1460:1024,0:mss:flow:0', /IP option length 4 needs IPv4 .* but 'flow' needs IPv6/],
  ['BadNops', '4:64:0:0:512,0:nop,nop,nop,nop:bad:0', /'bad' cannot be produced with layout nop,nop,nop,nop: no mss, ws, sok or ts/],
  ['BadEol', '4:64:0:0:512,0:nop,nop,nop,eol+1:bad:0', /its eol swallows every later byte/],
  ['BadCutScale', '4:64:0:*:*,7:nop,nop,ws:bad:0', /needs its last option cut short, which leaves p0f no window scale, but the signature needs scale 7/],
  ['BigMultiplier', '4:64:0:*:mss*1000,*:mss:df:0', /no window up to 65535 reads as mss\*1000/],
];

function load(name: string, text: string): { path: string; db: SignatureDatabase } {
  const path = join(scratch, name);
  writeFileSync(path, text);
  const loaded = loadDatabase(text, path);
  expect(loaded.database, JSON.stringify(loaded.diagnostics)).not.toBeNull();
  return { path, db: loaded.database! };
}

function runP0f(dbPath: string, pcap: Uint8Array): ParsedP0fLog {
  const file = join(scratch, 'in.pcap');
  const log = join(scratch, 'p0f.log');
  rmSync(log, { force: true });
  writeFileSync(file, pcap);
  const r = spawnSync(P0F, ['-f', dbPath, '-r', file, '-o', log, '-m', '100000,100000'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'ignore', 'pipe'] });
  expect(r.status, r.stderr).toBe(0);
  return parseP0fLog(readFileSync(log, 'latin1'));
}

function labelOf(db: SignatureDatabase, c: FuzzCase): string {
  return `os=${db.names[c.signature.nameId]}`;
}

describe('fuzz: formerly unsynthesisable signatures, against the real p0f', () => {
  const seed = Number(process.env.P0F_TS_SEED ?? Date.now() % 2 ** 31);

  it('every such signature is reached, and p0f names it for every exact packet', () => {
    const { path, db } = load('reachable.fp', REACHABLE);
    const fuzz = fuzzDatabase(db, { seed, runs: 12, perturb: true });
    for (const r of fuzz.reports) expect(`seed ${seed} line ${r.signature.line}: ${r.outcome.kind}`).toBe(`seed ${seed} line ${r.signature.line}: reached`);
    const log = runP0f(path, casesToPcap(fuzz.cases));
    const exact = fuzz.cases.filter((c) => c.variant === 'exact');
    expect(exact.length).toBe(db.tcpRequest.length * 12 + db.tcpResponse.length * 12);
    for (const c of exact) {
      const printed = log.observations.get(`${c.expected.keyword} ${c.client}`);
      const what = `seed ${seed}, line ${c.signature.line}, packet ${Buffer.from(c.packet).toString('hex')}`;
      expect(printed?.label, what).toBe(labelOf(db, c));
      expect(printed?.params, what).toBe('none');
      // p0f itself saw the malformed options.
      if ((c.signature.quirks & QUIRK_BIT.bad) !== 0) expect(printed?.rawSig.split(':')[6]!.split(','), what).toContain('bad');
    }
    // The IP-options packets for the `6:` signature are IPv4 with 8 bytes of options.
    const olen6 = exact.filter((c) => c.signature.line === db.tcpRequest.find((s) => db.names[s.nameId] === 'Olen6')!.line);
    for (const c of olen6) expect(log.observations.get(`syn ${c.client}`)?.rawSig).toMatch(/^4:\d+\+\d+:8:1460:1024,0:mss::0$/);
    // The tiny-peer case needed a peer MSS of 1, 5 or 13 (steps 11-12 of the multiplier search).
    const tiny = exact.filter((c) => c.direction === 'response' && c.signature.window.kind === 'mss' && c.signature.window.multiplier === 1000);
    for (const c of tiny) expect([1, 5, 13]).toContain(c.peerMss);
    // And p0f agrees with p0f-ts on every packet, perturbed ones included.
    const disagreements = compareWithP0f(fuzz.cases, log);
    expect(disagreements.map((d) => `seed ${seed} line ${d.case.signature.line} ${d.fields.join(',')}: ${JSON.stringify(d.actual)} vs ${JSON.stringify(d.case.expected)}`)).toEqual([]);
  });

  it('every malformation reaches p0f: wrong length bytes, cut-short options, bytes after 24 options', () => {
    const { db } = load('reachable.fp', REACHABLE);
    const fuzz = fuzzDatabase(db, { seed: 5, runs: 12 });
    const optionsOf = (c: FuzzCase): Uint8Array => {
      const ip = (c.packet[0]! >> 4) === 6 ? 40 : (c.packet[0]! & 0xf) * 4;
      return c.packet.subarray(ip + 20, ip + (c.packet[ip + 12]! >> 4) * 4);
    };
    const byName = (name: string): FuzzCase[] => fuzz.cases.filter((c) => db.names[c.signature.nameId] === name);
    // A cut-short mss: nop, then the mss kind with too few bytes left.
    for (const c of byName('CutMss')) expect(Array.from(optionsOf(c)).slice(0, 2)).toEqual([1, 2]);
    for (const c of byName('CutMss')) expect(optionsOf(c).length).toBe(4);
    // 24 options and 4 bytes more.
    for (const c of byName('Trailing')) expect(optionsOf(c).length).toBe(4 + 23 + 1);
    // A wrong length byte: each case has exactly one fixed-size option with a non-standard length.
    const standard: { readonly [kind: number]: number } = { 2: 4, 3: 3, 4: 2, 8: 10 };
    const seen = new Set<number>();
    for (const c of byName('WrongLength')) {
      const o = optionsOf(c);
      const wrong: number[] = [];
      for (let p = 0; p < o.length;) {
        const kind = o[p]!;
        if (kind === 1) { p++; continue; }
        if (o[p + 1] !== standard[kind]) wrong.push(kind);
        p += standard[kind]!;
      }
      expect(wrong.length).toBe(1);
      seen.add(wrong[0]!);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('reports the impossible ones with their reason', () => {
    const text = ['classes = unix', '[tcp:request]', ...IMPOSSIBLE.flatMap(([name, sig]) => [`label = s:unix:${name}:`, `sig   = ${sig}`]), ''].join('\n');
    const { db } = load('impossible.fp', text);
    const fuzz = fuzzDatabase(db, { seed: 3, runs: 3 });
    expect(fuzz.cases).toEqual([]);
    IMPOSSIBLE.forEach(([name, , reason], i) => {
      const o = fuzz.reports[i]!.outcome;
      expect(db.names[fuzz.reports[i]!.signature.nameId]).toBe(name);
      expect(o.kind === 'unsynthesisable' ? o.reason : o.kind, name).toMatch(reason);
    });
  });
});

describe('the real p0f confirms the impossible cases', () => {
  const DB = [
    'classes = unix',
    '[tcp:request]',
    'label = s:unix:MssNoOption:',
    'sig   = *:64:0:*:mss*4,*:nop,nop,nop,nop:df:0',
    'label = s:unix:MtuNoOption:',
    'sig   = *:64:0:*:mtu*4,*::df:0',
    'label = s:unix:SmallMss:',
    'sig   = *:64:0:*:mss*10,*:mss:df:0',
    'label = s:unix:OddOlen:',
    'sig   = 4:64:3:*:*,*:mss:df:0',
    'label = s:unix:BadNops:',
    'sig   = 4:64:0:*:*,*:nop,nop,nop,nop:df,bad:0',
    '',
  ].join('\n');
  let n = 0;
  const syn = (options: readonly TcpOptionSpec[], window: number, ipOptions = 0): Uint8Array =>
    buildTcpPacket({ src: `10.9.${(++n >> 8) & 0xff}.${n & 0xff}`, dst: '172.16.9.9', srcPort: 2000 + n, ttl: 64, df: true, ipId: 0, seq: 7, window, options, ipOptions });
  const replay = (packets: Uint8Array[]): ParsedP0fLog => {
    const { path } = load('confirm.fp', DB);
    return runP0f(path, writePcap(LinkType.raw, packets.map((data, i) => ({ seconds: 1_700_000_000, microseconds: i, data }))));
  };

  it('without an MSS option no window is read as mss*N or mtu*N: p0f has no default MSS', () => {
    // Four times every divisor p0f knows (1460, 1448, 1500, ...) and some common MSS values.
    const windows = [1460, 1448, 1440, 1428, 1500, 1400, 1380, 536, 100, 1000].map((d) => d * 4);
    const log = replay(windows.flatMap((w) => [syn([tcpOpt.nop(), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.nop()], w), syn([], w)]));
    expect(log.observations.size).toBe(windows.length * 2);
    for (const o of log.observations.values()) {
      expect(o.label).toBe('os=???');
      // The window prints as a plain number, not as a multiple.
      expect(o.rawSig).toMatch(/^4:64\+0:0:0:\d+,0:/);
    }
  });

  it('an MSS under 100 never gives a window multiple', () => {
    const log = replay([50, 99].flatMap((mss) => [1, 2, 10, 20].map((k) => syn([tcpOpt.mss(mss)], mss * k))));
    for (const o of log.observations.values()) expect(o.label).toBe('os=???');
    expect([...log.observations.values()].map((o) => o.rawSig.split(':')[4])).toEqual(['50,0', '100,0', '500,0', '1000,0', '99,0', '198,0', '990,0', '1980,0']);
  });

  it('the IP option length is always a multiple of 4 from 0 to 40', () => {
    const log = replay(Array.from({ length: 11 }, (_, i) => syn([tcpOpt.mss(1460)], 1024, i * 4)));
    expect([...log.observations.values()].map((o) => o.rawSig.split(':')[2])).toEqual(Array.from({ length: 11 }, (_, i) => String(i * 4)));
    for (const o of log.observations.values()) expect(o.label).toBe('os=???');
  });

  it('no 4-byte option area that reads as nop,nop,nop,nop carries bad', () => {
    // Every combination of the option kinds and lengths that matter, 10^4 packets.
    const alphabet = [0, 1, 2, 3, 4, 5, 8, 10, 30, 255];
    const packets: Uint8Array[] = [];
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) for (const d of alphabet) packets.push(syn([tcpOpt.bytes(Uint8Array.of(a, b, c, d))], 512));
    const log = replay(packets);
    expect(log.observations.size).toBe(packets.length);
    const nops = [...log.observations.values()].filter((o) => o.rawSig.split(':')[5] === 'nop,nop,nop,nop');
    expect(nops.length).toBe(1);
    expect(nops[0]!.rawSig.split(':')[6]).toBe('df');
    for (const o of log.observations.values()) expect(o.label).toBe('os=???');
  });
});
