/**
 * Differential test on traffic made here: synthetic captures (our packet builder + pcap
 * writer) are replayed by BOTH the installed p0f and the built p0f-ts (`--compat 3.09b`);
 * the -o logs must be identical line for line, and so must the stdout blocks and status
 * lines (apart from the `-o` path and the descriptor count, which depend on the caller).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildSampleCapture } from '../../runtime/cli/sample-capture.js';
import { compareModule, linesOf, MODULES } from '../helpers/log-compare.js';
import { BUILT, runOurs, runRealP0f, type RunResult } from '../helpers/run-cli.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../helpers/shared-corpus.js';
import { buildSyntheticCapture } from '../helpers/synthetic-traffic.js';

interface Pair {
  readonly name: string;
  readonly real: RunResult;
  readonly ours: RunResult;
  readonly realLog: string[];
  readonly ourLog: string[];
}

const CAPTURES: { name: string; bytes: () => Uint8Array }[] = [
  { name: 'sample', bytes: buildSampleCapture },
  { name: 'synthetic-seed-1', bytes: () => buildSyntheticCapture({ seed: 1, connections: 400 }) },
  { name: 'synthetic-seed-2', bytes: () => buildSyntheticCapture({ seed: 2, connections: 400 }) },
];

const pairs: Pair[] = [];

/** Drops what legitimately differs between two runs: the descriptor count line and the log path. */
function normaliseStdout(text: string, logPath: string): string {
  return text.replace(/^\[\+\] Closed \d+ file descriptors?\.\n/m, '').split(logPath).join('LOG');
}

describeIfPresent(
  HAVE_REAL_P0F && BUILT,
  HAVE_REAL_P0F ? 'p0f-ts is not built (run `npm run build`)' : `real p0f not installed at ${REAL_P0F}`,
  'synthetic captures: real p0f vs p0f-ts',
  () => {
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-live-oracle-'));
      for (const c of CAPTURES) {
        const pcap = join(dir, `${c.name}.pcap`);
        writeFileSync(pcap, c.bytes());
        const realLog = join(dir, `${c.name}.real.log`);
        const ourLog = join(dir, `${c.name}.ours.log`);
        const [real, ours] = await Promise.all([
          runRealP0f(['-f', '/etc/p0f/p0f.fp', '-r', pcap, '-o', realLog]),
          runOurs(['--compat', '3.09b', '-f', '/etc/p0f/p0f.fp', '-r', pcap, '-o', ourLog]),
        ]);
        pairs.push({
          name: c.name,
          real: { ...real, stdout: normaliseStdout(real.stdout, realLog) },
          ours: { ...ours, stdout: normaliseStdout(ours.stdout, ourLog) },
          realLog: linesOf(readFileSync(realLog, 'latin1')),
          ourLog: (() => {
            try {
              return linesOf(readFileSync(ourLog, 'latin1'));
            } catch {
              return [];
            }
          })(),
        });
      }
    }, 300_000);

    it('a database label with non-ASCII bytes comes out byte-identical (log and stdout)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-bytes-'));
      const stock = readFileSync('/etc/p0f/p0f.fp');
      // "3.11 and newer" → "3.11 und neuer – ü" in UTF-8 bytes; both programs treat them as opaque bytes.
      const needle = Buffer.from('label = s:unix:Linux:3.11 and newer');
      const at = stock.indexOf(needle);
      expect(at).toBeGreaterThan(0);
      const fp = join(dir, 'bytes.fp');
      writeFileSync(fp, Buffer.concat([stock.subarray(0, at), Buffer.from('label = s:unix:Linux:3.11 und neuer \u2013 \u00fc', 'utf8'), stock.subarray(at + needle.length)]));
      const pcap = join(dir, 'sample.pcap');
      writeFileSync(pcap, buildSampleCapture());
      const [real, ours] = await Promise.all([
        runRealP0f(['-f', fp, '-r', pcap, '-o', join(dir, 'real.log')], { combinedFile: join(dir, 'real.txt') }),
        runOurs(['--compat', '3.09b', '-f', fp, '-r', pcap, '-o', join(dir, 'ours.log')], { combinedFile: join(dir, 'ours.txt') }),
      ]);
      expect(ours.status).toBe(real.status);
      const realLog = readFileSync(join(dir, 'real.log'));
      expect(realLog.includes(Buffer.from('und neuer \u2013 \u00fc', 'utf8'))).toBe(true);
      expect(readFileSync(join(dir, 'ours.log')).equals(realLog)).toBe(true);
      const strip = (b: Buffer): Buffer => Buffer.from(b.toString('latin1').replace(/^\[\+\] Closed \d+ file descriptors?\.\n/m, '').replace(/'[^']*\.log'/, 'LOG'), 'latin1');
      expect(strip(readFileSync(join(dir, 'ours.txt'))).equals(strip(readFileSync(join(dir, 'real.txt'))))).toBe(true);
    });

    for (const c of CAPTURES) {
      it(`${c.name}: -o log identical to the real p0f's`, () => {
        const p = pairs.find((x) => x.name === c.name)!;
        expect(p.realLog.length).toBeGreaterThan(0);
        const summary = MODULES.map((m) => {
          const a = compareModule(p.ourLog, p.realLog, m);
          return `${m} ${a.matched}/${a.expected}${a.extra ? `+${a.extra}` : ''}`;
        }).join(', ');
        console.log(`${c.name}: ${summary}`);
        expect(p.ourLog).toEqual(p.realLog);
      });

      it(`${c.name}: stdout (banner, status lines, blocks) and exit status identical`, () => {
        const p = pairs.find((x) => x.name === c.name)!;
        expect(p.ours.status).toBe(p.real.status);
        expect(p.ours.stdout).toBe(p.real.stdout);
        expect(p.ours.stderr).toBe(p.real.stderr);
      });
    }
  },
);
