/** Reads the real p0f's syn / syn+ack log lines from the shared corpus (the oracle). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

export const CORPUS = CORPUS_DIR;

export interface LoggedTcpObservation {
  readonly file: string;
  readonly mod: 'syn' | 'syn+ack';
  readonly rawSig: string;
  /** MSS of the SYN logged just before for the same connection (0 if none). */
  readonly peerMss: number;
  /** `os=` or `app=` value as p0f printed it. */
  readonly label: string;
  readonly key: 'os' | 'app';
  readonly dist: string;
  readonly params: string;
}

export function findFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

export function loggedTcpObservations(): LoggedTcpObservation[] {
  const out: LoggedTcpObservation[] = [];
  for (const file of findFiles(CORPUS, '.p0f.log')) {
    const synMss = new Map<string, number>();
    for (const line of readFileSync(file, 'latin1').split('\n')) {
      const fields = new Map<string, string>();
      for (const part of line.replace(/^\[[^\]]*\] /, '').split('|')) {
        const eq = part.indexOf('=');
        if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
      }
      const mod = fields.get('mod');
      if (mod !== 'syn' && mod !== 'syn+ack') continue;
      const rawSig = fields.get('raw_sig') ?? '';
      const flow = `${fields.get('cli')}>${fields.get('srv')}`;
      const mss = Number(rawSig.split(':')[3]);
      if (mod === 'syn') synMss.set(flow, Number.isFinite(mss) ? mss : 0);
      const key = fields.has('app') ? 'app' : 'os';
      out.push({
        file,
        mod,
        rawSig,
        peerMss: mod === 'syn+ack' ? (synMss.get(flow) ?? 0) : 0,
        label: fields.get(key) ?? '',
        key,
        dist: fields.get('dist') ?? '',
        params: fields.get('params') ?? '',
      });
    }
  }
  return out;
}
