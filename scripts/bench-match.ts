/**
 * TCP matching throughput, compiled tables vs the reference interpreter, on the
 * upstream database with a realistic observation mix: every SYN and SYN+ACK in the
 * shared corpus pcaps (SYN+ACKs with their flow's SYN MSS as peer MSS), plus the
 * fuzzer's packets for every signature (exact and perturbed: fuzzy / no-match paths).
 * Run: npx tsx scripts/bench-match.ts [matches]   (default 2,000,000 per matcher)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzDatabase } from '../compiler/fuzz/fuzz-database.js';
import { loadDatabase } from '../compiler/model/load-database.js';
import { buildTcpTables } from '../compiler/tables/build-tables.js';
import { openCaptureFile } from '../runtime/capture/capture-file.js';
import { isCaptureError } from '../runtime/capture/capture-record.js';
import { DecodedPacket, PacketDecoder } from '../runtime/decode/decode-packet.js';
import { TcpObservation, type Direction } from '../runtime/fingerprint/tcp-types.js';
import { createCompiledTcpMatcher } from '../runtime/match/compiled-tcp-matcher.js';
import type { SignatureDatabase } from '../runtime/match/signature-database.js';
import { createInterpretedTcpMatcher } from '../runtime/match/tcp-interpreter.js';
import type { TcpMatcher } from '../runtime/match/tcp-matcher.js';

export interface MatchCase {
  readonly obs: TcpObservation;
  readonly direction: Direction;
  readonly peerMss: number;
}

function clone(obs: TcpObservation): TcpObservation {
  const c = new TcpObservation();
  Object.assign(c, obs);
  c.layout.set(obs.layout);
  return c;
}

function pcapFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pcapFiles(path));
    else if (/\.pcap(ng)?$/.test(name)) out.push(path);
  }
  return out.sort();
}

/** SYN / SYN+ACK observations from capture files, with peer MSS from the flow's SYN. */
export function corpusCases(dir: string): MatchCase[] {
  const cases: MatchCase[] = [];
  const out = new DecodedPacket();
  for (const file of pcapFiles(dir)) {
    const opened = openCaptureFile(file);
    if (!opened.ok) continue;
    const decoder = new PacketDecoder({ compat: true });
    const synMss = new Map<string, number>();
    for (let r = opened.reader.next(); r !== null && !isCaptureError(r); r = opened.reader.next()) {
      if (decoder.decode(r, out) !== 'ok') continue;
      const key = (a: Uint8Array, ap: number, b: Uint8Array, bp: number): string => `${a.join('.')}:${ap}>${b.join('.')}:${bp}`;
      if (out.tcpType === 0x02) {
        synMss.set(key(out.src, out.srcPort, out.dst, out.dstPort), out.tcp.mss);
        cases.push({ obs: clone(out.tcp), direction: 'request', peerMss: 0 });
      } else if (out.tcpType === 0x12) {
        const peer = synMss.get(key(out.dst, out.dstPort, out.src, out.srcPort));
        if (peer !== undefined) cases.push({ obs: clone(out.tcp), direction: 'response', peerMss: peer });
      }
    }
  }
  return cases;
}

/** Matches per CPU second of `matcher` over `cases`, cycling until `total` matches. */
export function measure(matcher: TcpMatcher, cases: readonly MatchCase[], total: number): number {
  let sink = 0;
  for (let i = 0; i < Math.min(total, 200_000); i++) {
    const c = cases[i % cases.length]!;
    sink += matcher.match(c.obs, c.direction, c.peerMss).distance;
  }
  // CPU time, not wall time: the figures stay comparable on a busy machine.
  const t0 = process.cpuUsage();
  for (let i = 0; i < total; i++) {
    const c = cases[i % cases.length]!;
    sink += matcher.match(c.obs, c.direction, c.peerMss).distance;
  }
  const used = process.cpuUsage(t0);
  const seconds = (used.user + used.system) / 1e6;
  if (sink < 0) console.log(sink);
  return total / seconds;
}

export function runMatchBenchmark(db: SignatureDatabase, cases: readonly MatchCase[], total: number): { compiled: number; interpreted: number } {
  const compiled = createCompiledTcpMatcher(db, buildTcpTables(db));
  const interpreted = createInterpretedTcpMatcher(db);
  // Interleave two rounds each, keep the better one, to damp noise from a busy machine.
  const c1 = measure(compiled, cases, total);
  const i1 = measure(interpreted, cases, total);
  const c2 = measure(compiled, cases, total);
  const i2 = measure(interpreted, cases, total);
  return { compiled: Math.max(c1, c2), interpreted: Math.max(i1, i2) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const total = Number(process.argv[2] ?? 2_000_000);
  const fpPath = process.env.P0F_FP ?? '/etc/p0f/p0f.fp';
  const db = loadDatabase(readFileSync(fpPath, 'latin1'), fpPath).database;
  if (db === null) throw new Error(`${fpPath} does not load`);
  const corpus = corpusCases(process.env.P0F_TS_CORPUS ?? fileURLToPath(new URL('../../shared/corpus', import.meta.url)));
  const fuzz = fuzzDatabase(db, { seed: 1, runs: 3, perturb: true }).cases.map((c): MatchCase => {
    const decoder = new PacketDecoder({ compat: true });
    const out = new DecodedPacket();
    decoder.decode({ data: c.packet, capturedLength: c.packet.length, originalLength: c.packet.length, seconds: 0, microseconds: 0, linkType: 101 }, out);
    return { obs: clone(out.tcp), direction: c.direction, peerMss: c.peerMss };
  });
  const cases = [...corpus, ...fuzz];
  const r = runMatchBenchmark(db, cases, total);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`observation mix: ${corpus.length} corpus SYN/SYN+ACK + ${fuzz.length} synthesised, ${db.tcpRequest.length}+${db.tcpResponse.length} TCP signatures`);
  console.log(`compiled:    ${fmt(r.compiled)} matches per CPU second`);
  console.log(`interpreted: ${fmt(r.interpreted)} matches per CPU second`);
  console.log(`ratio:       ${(r.compiled / r.interpreted).toFixed(2)}x`);
}
