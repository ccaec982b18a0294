import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFp } from '../../../compiler/fmt/format-fp.js';
import { parseFp } from '../../../grammar/parse-fp.js';
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
