import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFp } from '../../../compiler/fmt/format-fp.js';
import { readFileSync } from 'node:fs';
import { parseFp } from '../../../grammar/parse-fp.js';
import { formatSource } from '../../../compiler/fmt/format-source.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { sameMeaning } from '../../../compiler/diff/same-meaning.js';
import { fpTextArbitrary } from './fp-text-arbitrary.js';

describe('formatFp properties', () => {
  it('the generated texts parse without errors', () => {
    fc.assert(
      fc.property(fpTextArbitrary, (sample) => {
        expect(parseFp(sample.messy, 'messy.fp').diagnostics).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
  it('formats any messy layout to the canonical one', () => {
    fc.assert(
      fc.property(fpTextArbitrary, (sample) => {
        expect(formatFp(parseFp(sample.messy, 'messy.fp').ast)).toBe(sample.canonical);
      }),
      { numRuns: 300 },
    );
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fpTextArbitrary, (sample) => {
        const once = formatFp(parseFp(sample.messy, 'messy.fp').ast);
        expect(formatFp(parseFp(once, 'once.fp').ast)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatSource', () => {
  it('preserves meaning on random databases: the formatted file loads to the same database', () => {
    fc.assert(
      fc.property(fpTextArbitrary, (sample) => {
        const before = loadDatabase(sample.messy, 'messy.fp').database;
        const outcome = formatSource(sample.messy, 'messy.fp');
        expect(outcome.kind).toBe('formatted');
        if (outcome.kind !== 'formatted' || before === null) return;
        const after = loadDatabase(outcome.text, 'messy.fp').database;
        expect(after).not.toBeNull();
        if (after !== null) expect(sameMeaning(before, after)).toBe(true);
        const again = formatSource(outcome.text, 'messy.fp');
        expect(again.kind === 'formatted' && !again.changed && again.text === outcome.text).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, 600_000);
  it('preserves the meaning of the upstream database', () => {
    const stock = readFileSync('/etc/p0f/p0f.fp', 'latin1');
    const outcome = formatSource(stock, '/etc/p0f/p0f.fp');
    expect(outcome.kind).toBe('formatted');
    if (outcome.kind !== 'formatted') return;
    expect(outcome.changed).toBe(true);
    const before = loadDatabase(stock, 'p0f.fp').database;
    const after = loadDatabase(outcome.text, 'p0f.fp').database;
    expect(before !== null && after !== null && sameMeaning(before, after)).toBe(true);
    expect(after?.signatureCount).toBe(322);
  });
  it('refuses a file with errors and returns its diagnostics', () => {
    const outcome = formatSource('[tcp:request]\nlabel = s:unix:Linux:\nsig   = 4:64:0:*:8192,8:mss:bogus:0\n', 'bad.fp');
    expect(outcome.kind).toBe('refused');
    if (outcome.kind === 'refused') expect(outcome.diagnostics.map((d) => d.span.line)).toContain(3);
  });
  it('refuses a file with a NUL byte, whose tail p0f ignores and fmt would drop', () => {
    const outcome = formatSource('[mtu]\nlabel = x\nsig = 1500\n\0garbage\n', 'nul.fp');
    expect(outcome.kind === 'unsafe' && outcome.reason).toMatch(/NUL byte at offset 27/);
  });
  it('detects a meaning change: a database whose names differ only in case is not the same', () => {
    const a = loadDatabase('[tcp:request]\nlabel = s:!:Foo:\nsys = Linux\n', 'a.fp').database;
    const b = loadDatabase('[tcp:request]\nlabel = s:!:foo:\nsys = Linux\n', 'b.fp').database;
    expect(a !== null && b !== null && sameMeaning(a, b)).toBe(false);
  });
});
