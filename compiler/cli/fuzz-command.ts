/**
 * `p0f-ts fuzz DB.fp [--seed N] [--runs N] [--oracle PATH_TO_P0F] [--keep-pcap FILE]`:
 * synthesises packets for every TCP signature, reports which signatures their packets
 * reach and which signatures shadow them, and with --oracle replays the packets through
 * the real p0f and lists every disagreement (with the seed to reproduce it).
 * Exit codes: 0 no disagreement, 1 disagreements or synthesis errors, 2 usage or I/O.
 */
import { readFileSync } from 'node:fs';
import type { CommandRunner } from '../../runtime/cli/cli-io.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { fuzzDatabase, type SignatureReport } from '../fuzz/fuzz-database.js';
import { runP0fOracle, type OracleDisagreement } from '../fuzz/p0f-oracle.js';
import { labelText, tcpSignatureText } from '../fuzz/signature-text.js';
import { loadDatabase } from '../model/load-database.js';
import { renderDiagnosticsText } from './compile-command.js';

const USAGE = 'usage: p0f-ts fuzz DB.fp [--seed N] [--runs N] [--oracle PATH_TO_P0F] [--keep-pcap FILE]\n';

interface FuzzArgs {
  readonly input: string;
  readonly seed: number;
  readonly runs: number;
  readonly oracle: string | null;
  readonly keepPcap: string | null;
}

function parseArgs(args: readonly string[]): FuzzArgs | string {
  let input: string | null = null;
  let seed = Date.now() % 2 ** 31;
  let runs = 3;
  let oracle: string | null = null;
  let keepPcap: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | null => (i + 1 < args.length ? args[++i]! : null);
    if (a === '--seed' || a === '--runs') {
      const v = value();
      if (v === null || !/^\d+$/.test(v)) return `${a} needs a non-negative integer`;
      if (a === '--seed') seed = Number(v) >>> 0;
      else runs = Math.max(1, Math.min(1000, Number(v)));
    } else if (a === '--oracle') {
      oracle = value();
      if (oracle === null) return '--oracle needs the path of a p0f binary';
    } else if (a === '--keep-pcap') {
      keepPcap = value();
      if (keepPcap === null) return '--keep-pcap needs a file name';
    } else if (a.startsWith('-')) {
      return `unknown option '${a}'`;
    } else if (input === null) {
      input = a;
    } else {
      return `unexpected argument '${a}'`;
    }
  }
  return input === null ? 'missing DB.fp' : { input, seed, runs, oracle, keepPcap };
}

function section(report: SignatureReport): string {
  return `tcp:${report.signature.direction}`;
}

function reportLine(db: SignatureDatabase, r: SignatureReport): string {
  const where = `line ${r.signature.line} [${section(r)}] ${labelText(db, r.signature)}`;
  const o = r.outcome;
  switch (o.kind) {
    case 'reached':
      return `${where}: reached ${o.reached}/${o.cases}`;
    case 'partly-shadowed':
    case 'shadowed':
      return `${where}: ${o.kind === 'shadowed' ? 'shadowed' : `partly shadowed (reached ${o.reached}/${o.cases})`} by ${o.winners.map((w) => `line ${w.line} (${labelText(db, w)})`).join(', ')}`;
    case 'missed':
      return `${where}: MISSED, its own packets got ${o.result}`;
    case 'unsynthesisable':
      return `${where}: not synthesisable (${o.reason})`;
    case 'synthesis-error':
      return `${where}: SYNTHESIS ERROR ${o.detail}`;
  }
}

function disagreementText(d: OracleDisagreement, seed: number): string {
  const c = d.case;
  const e = c.expected;
  const a = d.actual;
  return [
    `line ${c.signature.line} sig = ${tcpSignatureText(c.signature)}  (seed ${seed}, ${c.variant} ${c.direction}, cli=${c.client}, peer MSS ${c.peerMss})`,
    `  packet: ${Buffer.from(c.packet).toString('hex')}`,
    `  p0f-ts: ${e.keyword} ${e.label}|dist=${e.dist}|params=${e.params}|raw_sig=${e.rawSig}; mtu ${c.expectedMtu ?? '(none)'}`,
    `  p0f:    ${a === null ? '(nothing printed)' : `${a.keyword} ${a.label}|dist=${a.dist}|params=${a.params}|raw_sig=${a.rawSig}; mtu ${d.actualMtu ?? '(none)'}`}`,
  ].join('\n');
}

export const run: CommandRunner = async (args, io) => {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.writeError(`p0f-ts fuzz: ${parsed}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(parsed.input, 'latin1');
  } catch (err) {
    io.writeError(`p0f-ts fuzz: cannot read '${parsed.input}': ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const loaded = loadDatabase(text, parsed.input);
  if (loaded.database === null) {
    io.writeError(renderDiagnosticsText(loaded.diagnostics, parsed.input, text, io));
    return 1;
  }
  const db = loaded.database;
  const fuzz = fuzzDatabase(db, { seed: parsed.seed, runs: parsed.runs, perturb: parsed.oracle !== null });
  const counts = new Map<string, number>();
  for (const r of fuzz.reports) {
    counts.set(r.outcome.kind, (counts.get(r.outcome.kind) ?? 0) + 1);
    io.write(`${reportLine(db, r)}\n`);
  }
  io.write(`\nseed ${parsed.seed}, ${parsed.runs} packet(s) per signature, ${fuzz.cases.length} packets: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}\n`);
  let failed = (counts.get('missed') ?? 0) + (counts.get('synthesis-error') ?? 0) > 0;

  if (parsed.oracle !== null) {
    const oracle = runP0fOracle(fuzz.cases, { p0fPath: parsed.oracle, dbPath: parsed.input, ...(parsed.keepPcap !== null ? { keepPcap: parsed.keepPcap } : {}) });
    if (!oracle.ok) {
      io.writeError(`p0f-ts fuzz: ${oracle.message}\n`);
      return 2;
    }
    for (const d of oracle.disagreements) io.write(`\nDISAGREEMENT ${disagreementText(d, parsed.seed)}\n`);
    io.write(`oracle ${parsed.oracle}: ${oracle.compared} packets compared, ${oracle.disagreements.length} disagreement(s)${oracle.pcap !== null ? `; pcap kept at ${oracle.pcap}` : ''}\n`);
    if (oracle.disagreements.length > 0) failed = true;
  }
  return failed ? 1 : 0;
};
