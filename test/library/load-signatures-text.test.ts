/**
 * `loadSignatures({ text })`: p0f.fp text held in memory compiles like the file it came
 * from, and damaged text is reported against the name given, at the line the real p0f names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadSignatures } from 'p0f-ts';
import { runRealP0f } from '../helpers/run-cli.js';
import { DEFAULT_FP, describeIfPresent, HAVE_REAL_P0F, REAL_P0F, REPO_ROOT } from '../helpers/shared-corpus.js';
import { scratchFile } from './library-harness.js';

const SAMPLE = join(REPO_ROOT, 'signatures/sample.pcap');

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'loadSignatures from text in memory', () => {
  it('the upstream text has the signatures p0f loads from the file, with either matcher', async () => {
    const r = await runRealP0f(['-r', SAMPLE]);
    const m = /\[\+\] Loaded (\d+) signatures? from '\/etc\/p0f\/p0f\.fp'\./.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const text = readFileSync(DEFAULT_FP, 'latin1');
    for (const matcher of ['compiled', 'interpreted'] as const) {
      const loaded = await loadSignatures({ text, matcher });
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) continue;
      expect(loaded.signatures.origin).toBe('file');
      expect(loaded.signatures.database.signatureCount).toBe(Number(m?.[1]));
    }
  });

  it('damaged text: p0f\'s message, diagnostics at p0f\'s line under the given name (or <memory>)', async () => {
    const lines = readFileSync(DEFAULT_FP, 'latin1').split('\n');
    lines[96] = 'sig   = *:64:0:*:bogus';
    const text = lines.join('\n');
    const fp = scratchFile('damaged-for-text.fp');
    writeFileSync(fp, text, 'latin1');
    const real = await runRealP0f(['-f', fp, '-r', SAMPLE]);
    const abort = /\[-\] PROGRAM ABORT : (.*line (\d+).*)\n/.exec(real.stderr);
    expect(abort, real.stderr).not.toBeNull();
    for (const [name, expected] of [['edited.fp', 'edited.fp'], [undefined, '<memory>']] as const) {
      const loaded = await loadSignatures(name === undefined ? { text } : { text, file: name });
      expect(loaded.ok).toBe(false);
      if (loaded.ok) continue;
      expect(loaded.message).toBe(abort?.[1]?.replace(fp, expected));
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.line)).toContain(Number(abort?.[2]));
      expect(loaded.diagnostics.every((d) => d.file === expected && d.column >= 1)).toBe(true);
    }
  });
});
