/** Per-module comparison of our log lines with the real p0f's (any recorded variant counts). */
import { parseP0fLogLine } from './p0f-log.js';

export const MODULES = ['syn', 'syn+ack', 'mtu', 'uptime', 'host change', 'ip sharing', 'http request', 'http response'] as const;
export type Module = (typeof MODULES)[number];

export function linesOf(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** `mod=` keyword of a log line; sendsyn events count with syn / syn+ack. */
export function moduleOf(line: string): Module | null {
  const kw = parseP0fLogLine(line)?.keyword ?? null;
  if (kw === 'sendsyn probe') return 'syn';
  if (kw === 'sendsyn response') return 'syn+ack';
  return kw as Module | null;
}

export interface ModuleAgreement {
  readonly expected: number;
  /** Expected lines we also printed (multiset intersection). */
  readonly matched: number;
  readonly extra: number;
  /** Identical ordered sequences. */
  readonly exact: boolean;
  readonly firstDifference: string | null;
}

function byModule(lines: readonly string[], module: Module): string[] {
  return lines.filter((l) => moduleOf(l) === module);
}

export function compareModule(ours: readonly string[], expected: readonly string[], module: Module): ModuleAgreement {
  const a = byModule(ours, module);
  const e = byModule(expected, module);
  const pool = new Map<string, number>();
  for (const l of a) pool.set(l, (pool.get(l) ?? 0) + 1);
  let matched = 0;
  let missing: string | null = null;
  for (const l of e) {
    const n = pool.get(l) ?? 0;
    if (n > 0) {
      pool.set(l, n - 1);
      matched++;
    } else missing ??= l;
  }
  const exact = a.length === e.length && a.every((l, i) => l === e[i]);
  let firstDifference: string | null = null;
  if (!exact) {
    const extra = [...pool.entries()].find(([, n]) => n > 0)?.[0];
    firstDifference = missing !== null ? `missing: ${missing}` : extra !== undefined ? `extra:   ${extra}` : 'order differs';
  }
  return { expected: e.length, matched, extra: a.length - matched, exact, firstDifference };
}

/** Picks the recorded variant that agrees best with ours overall. */
export function bestVariant(ours: readonly string[], variants: readonly (readonly string[])[]): readonly string[] {
  let best = variants[0];
  let bestScore = -1;
  for (const v of variants) {
    // Fewest differing lines (missing + extra) wins; the first listed (canonical) breaks ties.
    const score = -MODULES.reduce((s, m) => {
      const a = compareModule(ours, v, m);
      return s + (a.expected - a.matched) + a.extra;
    }, 0);
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}
