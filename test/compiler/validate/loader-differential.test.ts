/**
 * Differential test against the real p0f 3.09b loader: for several hundred mutants of the
 * stock database, p0f accepts ⟺ we report no error, and when p0f aborts at line N we
 * report an error at line N carrying p0f's exact message.
 * The work is ~25 s of CPU (300 p0f runs + our lint); the generous timeout only absorbs a
 * loaded machine.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFp } from '../../../grammar/parse-fp.js';
import { runLoader, type LoaderRun } from '../../../compiler/validate/loader-run.js';
import { validateRun } from '../../../compiler/validate/validate.js';
import { httpCovers } from '../../../compiler/validate/http-covers.js';
import type { HttpSignature } from '../../../runtime/fingerprint/http-types.js';
import { makeMutants } from './fp-mutants.js';
import { p0fAbortMessage, writeEmptyPcap } from '../../helpers/p0f-loader.js';

const P0F = '/usr/sbin/p0f';
const STOCK = '/etc/p0f/p0f.fp';
const MUTANTS = 300;

interface P0fVerdict {
  readonly ok: boolean;
  readonly line: number | null;
  readonly message: string;
}

function runP0f(fp: string, pcap: string, log: string): Promise<P0fVerdict> {
  return new Promise((resolve) => {
    const child = spawn(P0F, ['-f', fp, '-r', pcap, '-o', log], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('latin1');
    child.stderr.on('data', (d: string) => (err += d));
    child.on('close', (code) => {
      const abort = p0fAbortMessage(err);
      const line = abort === null ? null : /in line (\d+)/.exec(abort);
      resolve({ ok: code === 0, line: line === null ? null : Number(line[1]), message: abort ?? err.trim() });
    });
  });
}

async function mapLimited<T, R>(xs: readonly T[], limit: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i], i);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

/** p0f's HTTP dupe prefilter is random when an earlier required header is only optional in the new sig. */
function hasRandomHttpDupe(run: LoaderRun): boolean {
  for (const list of [run.httpRequest, run.httpResponse]) {
    for (let n = 0; n < list.length; n++) {
      const strict: HttpSignature = { ...list[n], headers: list[n].headers.map((h) => ({ ...h, optional: false })) };
      for (let r = 0; r < n; r++) {
        if (!list[r].generic && httpCovers(list[r], strict) !== httpCovers(list[r], list[n])) return true;
      }
    }
  }
  return false;
}

describe.runIf(existsSync(P0F) && existsSync(STOCK))('loader differential vs real p0f', () => {
  it(`agrees with p0f on ${MUTANTS} mutants of the stock database`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-diff-'));
    try {
      const pcap = join(dir, 'empty.pcap');
      writeEmptyPcap(pcap);
      const base = readFileSync(STOCK, 'latin1');
      // p0f runs in its own process while we lint the same mutant here, two at a time.
      const all = makeMutants(base, MUTANTS, 20261126);
      const settled = await mapLimited(all, 2, async (m, i) => {
        const fp = join(dir, `m${i}.fp`);
        writeFileSync(fp, Buffer.from(m.text, 'latin1'));
        const pending = runP0f(fp, pcap, join(dir, `m${i}.log`));
        const parsed = parseFp(m.text, 'm.fp');
        const run = runLoader(parsed.ast);
        const errors = [...parsed.diagnostics, ...validateRun(parsed.ast, run)].filter((d) => d.severity === 'error');
        return { m, errors, random: hasRandomHttpDupe(run), verdict: await pending };
      });
      const results = settled.filter((o) => !o.random);
      expect(results.length).toBeGreaterThan(MUTANTS * 0.95);
      const mutants = results.map((o) => o.m);
      const disagreements: string[] = [];
      let rejected = 0;
      const kinds = new Set<string>();
      for (const { m, verdict, errors } of results) {
        if (!verdict.ok) rejected++;
        if (!verdict.ok) kinds.add(verdict.message.replace(/\d+/g, 'N'));
        if (verdict.ok && errors.length > 0) {
          disagreements.push(`${m.name}: p0f accepts, we report ${errors[0].code} at line ${errors[0].span.line}: ${errors[0].message}`);
        } else if (!verdict.ok && !errors.some((e) => e.span.line === verdict.line)) {
          disagreements.push(`${m.name}: p0f: ${verdict.message}; we: ${errors.map((e) => `${e.code}@${e.span.line}`).join(', ') || 'no error'}`);
        } else if (!verdict.ok) {
          // Same line: the same loader error too (p0f's own wording, which names the code).
          const atLine = errors.filter((e) => e.span.line === verdict.line);
          if (!atLine.some((e) => e.p0fMessage?.trim() === verdict.message)) {
            disagreements.push(`${m.name}: p0f: ${verdict.message}; we at that line: ${atLine.map((e) => e.p0fMessage).join(' / ')}`);
          }
        }
      }
      expect(disagreements).toEqual([]);
      // The mutants must exercise both outcomes.
      expect(rejected).toBeGreaterThan(mutants.length / 3);
      expect(mutants.length - rejected).toBeGreaterThan(20);
      // ...and many different loader errors, not one over and over.
      expect(kinds.size).toBeGreaterThanOrEqual(35);
      console.info(`loader differential: ${mutants.length} mutants, ${rejected} rejected by p0f, ${kinds.size} distinct p0f errors:\n${[...kinds].sort().join("\n")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
