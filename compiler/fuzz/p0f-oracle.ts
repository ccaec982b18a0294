/**
 * Runs the real p0f over the fuzzer's packets and compares what it printed for every
 * syn / syn+ack with what p0f-ts expects. The packets go into one raw-IP pcap; p0f is
 * run as `p0f -f DB -r PCAP -o LOG` with TZ=UTC, and its log is parsed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinkType, writePcap, type PcapWriteRecord } from '../../runtime/capture/pcap-writer.js';
import type { ExpectedObservation, FuzzCase } from './fuzz-database.js';

export interface OracleDisagreement {
  readonly case: FuzzCase;
  /** What p0f printed, or null when it printed nothing for this packet. */
  readonly actual: ExpectedObservation | null;
  readonly fields: readonly ('keyword' | 'label' | 'dist' | 'params' | 'rawSig' | 'missing' | 'mtu')[];
  /** p0f's mtu line fields (`link=...|raw_mtu=...`), or null when it printed none. */
  readonly actualMtu?: string | null;
}

export type OracleResult =
  | { readonly ok: true; readonly compared: number; readonly disagreements: readonly OracleDisagreement[]; readonly pcap: string | null }
  | { readonly ok: false; readonly message: string };

export interface OracleOptions {
  readonly p0fPath: string;
  readonly dbPath: string;
  /** Keep the pcap at this path (for reproducing); otherwise a temp file is removed. */
  readonly keepPcap?: string;
}

/** The pcap image for the cases, in order: each response case's SYN right before its SYN+ACK. */
export function casesToPcap(cases: readonly FuzzCase[]): Uint8Array {
  const records: PcapWriteRecord[] = [];
  let tick = 0;
  const at = (data: Uint8Array): void => {
    // 1 ms apart, well inside p0f's flow timeout.
    records.push({ seconds: 1_700_000_000 + Math.floor(tick / 1000), microseconds: (tick % 1000) * 1000, data });
    tick++;
  };
  for (const c of cases) {
    if (c.syn !== null) at(c.syn);
    at(c.packet);
  }
  return writePcap(LinkType.raw, records);
}

const LINE = /^\[[^\]]*\] mod=([^|]*)\|cli=([^|]*)\|srv=([^|]*)\|subj=(cli|srv)\|(.*)$/;

export interface ParsedP0fLog {
  /** syn / syn+ack lines keyed by `keyword cli`. */
  readonly observations: Map<string, ExpectedObservation>;
  /** mtu lines' `link=...|raw_mtu=...` keyed by `subj cli`. */
  readonly mtu: Map<string, string>;
}

export function parseP0fLog(text: string): ParsedP0fLog {
  const out = new Map<string, ExpectedObservation>();
  const mtu = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const [, keyword, cli, , subj, rest] = m as unknown as [string, string, string, string, string, string];
    if (keyword === 'mtu') {
      mtu.set(`${subj} ${cli}`, rest);
      continue;
    }
    if (!['syn', 'syn+ack', 'sendsyn probe', 'sendsyn response'].includes(keyword)) continue;
    // The label's flavor may contain '|'; the last three fields never do.
    const parts = rest.split('|');
    if (parts.length < 4) continue;
    const rawSig = parts.pop()!.replace(/^raw_sig=/, '');
    const params = parts.pop()!.replace(/^params=/, '');
    const dist = parts.pop()!.replace(/^dist=/, '');
    out.set(`${keyword} ${cli}`, { keyword, label: parts.join('|'), dist, params, rawSig });
  }
  return { observations: out, mtu };
}

export function compareWithP0f(cases: readonly FuzzCase[], log: ParsedP0fLog): OracleDisagreement[] {
  const disagreements: OracleDisagreement[] = [];
  for (const c of cases) {
    const actual = log.observations.get(`${c.expected.keyword} ${c.client}`) ?? null;
    if (actual === null) {
      disagreements.push({ case: c, actual: null, fields: ['missing'] });
      continue;
    }
    const fields: OracleDisagreement['fields'][number][] = (['label', 'dist', 'params', 'rawSig'] as const).filter((f) => actual[f] !== c.expected[f]);
    const actualMtu = log.mtu.get(`${c.direction === 'request' ? 'cli' : 'srv'} ${c.client}`) ?? null;
    if (actualMtu !== c.expectedMtu) fields.push('mtu');
    if (fields.length > 0) disagreements.push({ case: c, actual, fields, actualMtu });
  }
  return disagreements;
}

export function runP0fOracle(cases: readonly FuzzCase[], options: OracleOptions): OracleResult {
  const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-oracle-'));
  try {
    const pcap = options.keepPcap ?? join(dir, 'fuzz.pcap');
    const log = join(dir, 'p0f.log');
    writeFileSync(pcap, casesToPcap(cases));
    // Generous limits so no flow or host of ours is pruned mid-run.
    const r = spawnSync(options.p0fPath, ['-f', options.dbPath, '-r', pcap, '-o', log, '-m', '100000,100000'], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error !== undefined) return { ok: false, message: `cannot run ${options.p0fPath}: ${r.error.message}` };
    if (r.status !== 0) return { ok: false, message: `${options.p0fPath} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
    let text: string;
    try {
      text = readFileSync(log, 'latin1');
    } catch {
      text = '';
    }
    const disagreements = compareWithP0f(cases, parseP0fLog(text));
    return { ok: true, compared: cases.length, disagreements, pcap: options.keepPcap ?? null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
