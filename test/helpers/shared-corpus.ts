/** Locates the shared corpus (`../shared` next to the repository) and lists its captures with their recorded outputs. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED_DIR = process.env.P0F_TS_SHARED ?? resolve(REPO_ROOT, '../shared');
export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const HAVE_CORPUS = existsSync(CORPUS_DIR);
export const REAL_P0F = '/usr/sbin/p0f';
export const HAVE_REAL_P0F = existsSync(REAL_P0F);
export const DEFAULT_FP = '/etc/p0f/p0f.fp';

export interface CorpusCapture {
  /** Path of the capture file. */
  readonly capture: string;
  /** Name relative to the corpus root, for test titles. */
  readonly name: string;
  /** `X.p0f.log` and every `X.p0f.altN.log` / `X.p0f.isdst0.log` variant; matching any one counts. */
  readonly logVariants: readonly string[];
  readonly pretty: string | null;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
}

/** Every capture in the corpus that has a recorded `.p0f.log`. */
export function listCorpusCaptures(root: string = CORPUS_DIR): CorpusCapture[] {
  if (!existsSync(root)) return [];
  const files: string[] = [];
  walk(root, files);
  const set = new Set(files);
  const captures: CorpusCapture[] = [];
  for (const file of files) {
    if (!/\.(pcap|pcapng)$/.test(file)) continue;
    // "X.pcap" → "X.p0f.log"; any other name (X.pcapng) → "X.pcapng.p0f.log".
    const base = file.endsWith('.pcap') ? file.slice(0, -5) : file;
    const main = `${base}.p0f.log`;
    if (!set.has(main)) continue;
    const variants = [main, ...files.filter((f) => f.startsWith(`${base}.p0f.`) && /\.p0f\.(alt\d+|isdst0)\.log$/.test(f))];
    const pretty = set.has(`${base}.p0f.txt`) ? `${base}.p0f.txt` : null;
    captures.push({ capture: file, name: file.slice(root.length + 1), logVariants: variants, pretty });
  }
  return captures;
}

/**
 * `describe` for suites that need the shared corpus (or the real p0f). Without it the suite
 * is replaced by one test whose title and assertion say what is missing, rather than
 * failing or being skipped silently.
 */
export function describeIfPresent(present: boolean, missing: string, name: string, body: () => void): void {
  if (present) {
    describe(name, body);
  } else {
    describe(name, () => {
      it(`NOT RUN: ${missing}`, () => {
        expect(present, missing).toBe(false);
      });
    });
  }
}

export function describeWithCorpus(name: string, body: () => void): void {
  describeIfPresent(HAVE_CORPUS, `shared corpus absent at ${CORPUS_DIR}`, name, body);
}
