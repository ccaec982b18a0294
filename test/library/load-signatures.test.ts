/**
 * `loadSignatures` through the published package: the default database is p0f's (same
 * signature count), and a damaged p0f.fp gives diagnostics with the line the real p0f
 * names, as a value, for every kind of damage tried.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSignatures } from 'p0f-ts';
import { describeIfPresent, DEFAULT_FP, HAVE_REAL_P0F, REAL_P0F, REPO_ROOT } from '../helpers/shared-corpus.js';
import { runRealP0f } from '../helpers/run-cli.js';
import { scratchFile } from './library-harness.js';

const SAMPLE = join(REPO_ROOT, 'signatures/sample.pcap');

/** The upstream database with 1-based line `line` replaced. */
function withLine(line: number, text: string): string {
  const lines = readFileSync(DEFAULT_FP, 'latin1').split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

/** p0f's loader abort: the message and the line number it names. */
async function realLoaderAbort(fp: string): Promise<{ message: string; line: number }> {
  const r = await runRealP0f(['-f', fp, '-r', SAMPLE]);
  expect(r.status).toBe(1);
  const m = /\[-\] PROGRAM ABORT : (.*)\n/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  const message = m?.[1] ?? '';
  const line = /line (\d+)/.exec(message);
  expect(line, message).not.toBeNull();
  return { message, line: Number(line?.[1]) };
}

// Each damages one line of the upstream database (line numbers from /etc/p0f/p0f.fp's layout).
const DAMAGE: readonly { name: string; line: number; text: string }[] = [
  { name: 'malformed TCP signature', line: 97, text: 'sig   = *:64:0:*:bogus' },
  { name: 'TTL out of range', line: 100, text: 'sig   = *:300:0:*:mss*10,4:mss,sok,ts,nop,ws:df,id+:0' },
  { name: 'unknown class in a label', line: 95, text: 'label = s:martian:Linux:3.11 and newer' },
  { name: 'MTU that is not a number', line: 76, text: 'sig   = nine thousand' },
  { name: 'TCP signature left in the [mtu] section', line: 89, text: 'sig = 4:64:0:*:8192,0:mss:df:0' },
];

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'loadSignatures vs the real p0f loader', () => {
  it('the default (compiled) database has the signatures p0f loads from /etc/p0f/p0f.fp', async () => {
    const loaded = await loadSignatures();
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.signatures.origin).toBe('generated');
    const r = await runRealP0f(['-r', SAMPLE]);
    const m = /\[\+\] Loaded (\d+) signatures? from '\/etc\/p0f\/p0f\.fp'\./.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(loaded.signatures.database.signatureCount).toBe(Number(m?.[1]));
  });

  for (const damage of DAMAGE) {
    it(`${damage.name}: an error value naming p0f's line, not an exception`, async () => {
      const fp = scratchFile(`${damage.name.replace(/\W+/g, '-')}.fp`);
      writeFileSync(fp, withLine(damage.line, damage.text), 'latin1');
      const real = await realLoaderAbort(fp);
      const loaded = await loadSignatures({ file: fp });
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.message).toBe(real.message);
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((d) => d.line)).toContain(real.line);
      for (const d of loaded.diagnostics) {
        expect(d.file).toBe(fp);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    });
  }

  it('reports every damaged line at once (p0f stops at the first)', async () => {
    const fp = scratchFile('two-errors.fp');
    const text = withLine(97, 'sig   = *:64:0:*:bogus').split('\n');
    text[99] = 'sig   = *:300:0:*:mss*10,4:mss,sok,ts,nop,ws:df,id+:0';
    writeFileSync(fp, text.join('\n'), 'latin1');
    const real = await realLoaderAbort(fp);
    const loaded = await loadSignatures({ file: fp, matcher: 'interpreted' });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const lines = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line);
    expect(real.line).toBe(97);
    expect(lines).toEqual(expect.arrayContaining([97, 100]));
    expect(loaded.message).toBe(real.message);
  });
});

describe('loadSignatures: files that cannot be used', () => {
  it('a missing file is an error value without diagnostics', async () => {
    const loaded = await loadSignatures({ file: join(REPO_ROOT, 'no/such/p0f.fp') });
    expect(loaded).toMatchObject({ ok: false, diagnostics: [] });
    if (!loaded.ok) expect(loaded.message).toMatch(/Cannot open '.*no\/such\/p0f\.fp' for reading/);
  });

  it('a binary file is an error value with positioned diagnostics', async () => {
    const loaded = await loadSignatures({ file: SAMPLE });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics.length).toBeGreaterThan(0);
    expect(loaded.diagnostics.every((d) => d.line >= 1 && d.file === SAMPLE)).toBe(true);
  });

  it('the upstream file compiled at load time is usable, with either matcher', async () => {
    for (const matcher of ['compiled', 'interpreted'] as const) {
      const loaded = await loadSignatures({ file: DEFAULT_FP, matcher });
      expect(loaded.ok).toBe(true);
      if (loaded.ok) expect(loaded.signatures.origin).toBe('file');
    }
  });
});
