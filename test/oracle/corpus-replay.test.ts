/**
 * Differential test: the built CLI (`p0f-ts --compat 3.09b -r X -o LOG`) over every capture
 * in the shared corpus, compared per module with the log the real p0f 3.09b recorded
 * (`X.p0f.log`, or any `X.p0f.altN.log` variant). One test per module so each owner sees
 * their progress; the per-file summary is printed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { bestVariant, compareModule, linesOf, MODULES, type ModuleAgreement } from '../helpers/log-compare.js';
import { BUILT, mapLimited, runOurs } from '../helpers/run-cli.js';
import { describeIfPresent, HAVE_CORPUS, CORPUS_DIR, listCorpusCaptures } from '../helpers/shared-corpus.js';

interface FileResult {
  readonly name: string;
  readonly status: number | null;
  readonly stderr: string;
  readonly perModule: ReadonlyMap<string, ModuleAgreement>;
}

const results: FileResult[] = [];

describeIfPresent(
  HAVE_CORPUS && BUILT,
  HAVE_CORPUS ? 'p0f-ts is not built (run `npm run build`; `npm test` does it first)' : `shared corpus absent at ${CORPUS_DIR}`,
  'corpus replay vs the real p0f (per module)',
  () => {
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-oracle-'));
      const captures = listCorpusCaptures();
      const runs = await mapLimited(captures, Math.max(4, Math.min(8, availableParallelism())), async (capture, ) => {
        const log = join(dir, `${results.length}-${capture.name.replace(/[/\\]/g, '_')}.log`);
        const r = await runOurs(['--compat', '3.09b', '-r', capture.capture, '-o', log]);
        let ours: string[] = [];
        try {
          ours = linesOf(readFileSync(log, 'latin1'));
        } catch {
          // no log: every expected line counts as missing
        }
        const variants = capture.logVariants.map((v) => linesOf(readFileSync(v, 'latin1')));
        const expected = bestVariant(ours, variants);
        const perModule = new Map(MODULES.map((m) => [m, compareModule(ours, expected, m)] as const));
        return { name: capture.name, status: r.status, stderr: r.stderr, perModule };
      });
      results.push(...runs);
      const rows = results.map((f) => {
        const cells = MODULES.map((m) => {
          const a = f.perModule.get(m)!;
          return a.expected === 0 && a.extra === 0 ? '-' : `${a.matched}/${a.expected}${a.extra ? `+${a.extra}` : ''}${a.exact ? '' : '!'}`;
        });
        return `${f.name.padEnd(60)} ${cells.join(' ')}`;
      });
      console.log(`corpus replay (matched/expected[+extra][! = not identical])\n${' '.repeat(61)}${MODULES.join(' | ')}\n${rows.join('\n')}`);
    }, 600_000);

    it('the CLI exits 0 on every corpus capture', () => {
      const failed = results.filter((f) => f.status !== 0).map((f) => `${f.name}: exit ${f.status}: ${f.stderr.split('\n').slice(-4).join(' / ')}`);
      expect(results.length).toBeGreaterThan(0);
      expect(failed).toEqual([]);
    });

    for (const module of MODULES) {
      it(`module "${module}": every file's lines equal the real p0f's`, () => {
        const expectedTotal = results.reduce((s, f) => s + f.perModule.get(module)!.expected, 0);
        const matchedTotal = results.reduce((s, f) => s + f.perModule.get(module)!.matched, 0);
        const differing = results
          .filter((f) => !f.perModule.get(module)!.exact)
          .map((f) => `${f.name}: ${f.perModule.get(module)!.matched}/${f.perModule.get(module)!.expected} — ${f.perModule.get(module)!.firstDifference}`);
        console.log(`${module}: ${matchedTotal}/${expectedTotal} lines; ${results.length - differing.length}/${results.length} files identical`);
        expect(differing).toEqual([]);
      });
    }
  },
);
