/** Test support: walk a corpus capture through the decoder and collect SYN / SYN+ACK raw_sigs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCaptureFilter, runBpf, type BpfProgram } from '../../../runtime/capture/bpf-filter.js';
import { openCaptureFile } from '../../../runtime/capture/capture-file.js';
import { isCaptureError } from '../../../runtime/capture/capture-record.js';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { rawMtu } from '../../../runtime/fingerprint/mtu.js';
import { formatTcpRawSig } from '../../../runtime/fingerprint/raw-sig.js';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

export const CRAFTED_DIR = join(CORPUS_DIR, 'crafted');
export const REAL_DIR = join(CORPUS_DIR, 'real', 'local');

export function corpusCaptures(): string[] {
  const files: string[] = [];
  for (const dir of [CRAFTED_DIR, REAL_DIR]) {
    for (const f of readdirSync(dir)) if (/\.pcap(ng)?$/.test(f)) files.push(join(dir, f));
  }
  return files.sort();
}

export function oracleLogPath(capture: string): string {
  return capture.endsWith('.pcap') ? capture.replace(/\.pcap$/, '.p0f.log') : `${capture}.p0f.log`;
}

/** p0f prints IPv6 as eight unpadded hex groups without `::` compression. */
export function formatAddress(bytes: Uint8Array, version: 4 | 6): string {
  if (version === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}

export interface OracleSig {
  readonly key: string;
  readonly rawSig: string;
  readonly line: string;
}

/** `syn|cli|srv` / `syn+ack|cli|srv` keys with raw_sig from a p0f -o log (sendsyn forms folded in). */
export function oracleSigs(logPath: string): OracleSig[] {
  const out: OracleSig[] = [];
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    const m = /mod=(syn|syn\+ack|sendsyn probe|sendsyn response)\|cli=([^|]+)\|srv=([^|]+)\|.*\|raw_sig=([^|]+)$/.exec(line);
    if (!m) continue;
    const mod = m[1] === 'syn' || m[1] === 'sendsyn probe' ? 'syn' : 'syn+ack';
    out.push({ key: `${mod}|${m[2]}|${m[3]}`, rawSig: m[4], line });
  }
  return out;
}

export interface DecodedCapture {
  /** Computed raw_sigs per key, in packet order. */
  readonly sigs: Map<string, string[]>;
  /** Computed raw MTUs per `cli|srv|subj` key, in packet order. */
  readonly mtus: Map<string, number[]>;
  readonly packets: number;
  readonly decoded: number;
  readonly error: string | null;
  readonly warnings: string[];
}

/** p0f's warnings for a corpus capture (`.p0f.err` for crafted files, inside `.p0f.txt` for real ones), without the `[!] WARNING: ` prefix. */
export function oracleWarnings(capture: string): string[] {
  const err = capture.replace(/\.pcap$/, '.p0f.err');
  const txt = capture.endsWith('.pcap') ? capture.replace(/\.pcap$/, '.p0f.txt') : `${capture}.p0f.txt`;
  const text = existsSync(err) ? readFileSync(err, 'utf8') : readFileSync(txt, 'utf8');
  return text.split('\n').filter((l) => l.startsWith('[!] WARNING: ')).map((l) => l.slice('[!] WARNING: '.length));
}

/**
 * Decodes a capture like p0f -r would see it: through p0f's default BPF filter (compiled
 * against the file) unless `filter` is false.
 */
export function decodeCaptureSigs(path: string, compat: boolean, filter = true): DecodedCapture {
  const opened = openCaptureFile(path);
  if (!opened.ok) return { sigs: new Map(), mtus: new Map(), packets: 0, decoded: 0, error: opened.error.message, warnings: [] };
  const reader = opened.reader;
  let program: BpfProgram | null = null;
  const decoder = new PacketDecoder({ compat });
  const pkt = new DecodedPacket();
  const synMss = new Map<string, number>();
  const sigs = new Map<string, string[]>();
  const mtus = new Map<string, number[]>();
  let packets = 0;
  let decoded = 0;
  let error: string | null = null;
  for (;;) {
    const rec = reader.next();
    if (rec === null) break;
    if (isCaptureError(rec)) {
      error = rec.message;
      break;
    }
    packets++;
    if (filter && program === null) {
      const compiled = compileCaptureFilter(rec.linkType, null, compat, path);
      if (!compiled.ok) return { sigs, mtus, packets, decoded, error: compiled.error.pcapMessage, warnings: [] };
      program = compiled.filter.program;
    }
    if (program !== null && runBpf(program, rec.data, rec.originalLength) === 0) continue;
    if (decoder.decode(rec, pkt) !== 'ok') continue;
    decoded++;
    const src = `${formatAddress(pkt.src, pkt.ipVersion)}/${pkt.srcPort}`;
    const dst = `${formatAddress(pkt.dst, pkt.ipVersion)}/${pkt.dstPort}`;
    let key: string;
    let sig: string;
    let mtuKey: string;
    if (pkt.tcpType === 0x02) {
      key = `syn|${src}|${dst}`;
      mtuKey = `${src}|${dst}|cli`;
      synMss.set(`${src}|${dst}`, pkt.tcp.mss);
      sig = formatTcpRawSig(pkt.tcp, 0, false);
    } else if (pkt.tcpType === 0x12) {
      key = `syn+ack|${dst}|${src}`;
      mtuKey = `${dst}|${src}|srv`;
      sig = formatTcpRawSig(pkt.tcp, synMss.get(`${dst}|${src}`) ?? 0, true);
    } else continue;
    let list = sigs.get(key);
    if (!list) sigs.set(key, (list = []));
    list.push(sig);
    let mtuList = mtus.get(mtuKey);
    if (!mtuList) mtus.set(mtuKey, (mtuList = []));
    mtuList.push(rawMtu(pkt.tcp));
  }
  reader.close();
  return { sigs, mtus, packets, decoded, error, warnings: decoder.takeWarnings().map((w) => w.message) };
}

/** Oracle lines whose raw_sig is not found, in order, among the computed sigs for their key. */
export function unmatchedOracleSigs(oracle: readonly OracleSig[], computed: Map<string, string[]>): OracleSig[] {
  const cursor = new Map<string, number>();
  const missing: OracleSig[] = [];
  for (const o of oracle) {
    const list = computed.get(o.key) ?? [];
    let i = cursor.get(o.key) ?? 0;
    while (i < list.length && list[i] !== o.rawSig) i++;
    if (i >= list.length) {
      missing.push(o);
      continue;
    }
    cursor.set(o.key, i + 1);
  }
  return missing;
}

/** `cli|srv|subj` and raw_mtu of every mtu line of a p0f log. */
export function oracleMtus(logPath: string): { key: string; mtu: number }[] {
  const out: { key: string; mtu: number }[] = [];
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    const m = /mod=mtu\|cli=([^|]+)\|srv=([^|]+)\|subj=(cli|srv)\|.*\|raw_mtu=(\d+)$/.exec(line);
    if (m) out.push({ key: `${m[1]}|${m[2]}|${m[3]}`, mtu: Number(m[4]) });
  }
  return out;
}
