/** Properties of the front end: it never throws, and printing round-trips the AST. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFp } from '../../grammar/parse-fp.js';
import { printFp } from '../../grammar/print-fp.js';
import { loadDatabase } from '../../compiler/model/load-database.js';
import { renderText } from '../../compiler/diagnostics/render-text.js';
import { renderSarif } from '../../compiler/diagnostics/render-sarif.js';
import { anyText, validFpText } from './fp-text-arbitrary.js';
import type { FpFile } from '../../grammar/ast.js';

/** The AST without positions (spans, file text), for comparing two parses. */
function shape(ast: FpFile): unknown {
  return JSON.parse(JSON.stringify(ast.items, (k, v: unknown) => (k === 'span' ? undefined : v)));
}

describe('front-end properties', () => {
  it('parseFp, lint and the renderers never throw, on any input', () => {
    fc.assert(fc.property(anyText, (text) => {
      const { diagnostics } = loadDatabase(text, 'any.fp');
      renderText(diagnostics, { color: true, sources: () => text });
      renderSarif(diagnostics);
      for (const d of diagnostics) {
        expect(d.span.line).toBeGreaterThanOrEqual(1);
        expect(d.span.column).toBeGreaterThanOrEqual(1);
        expect(d.span.length).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: 400 });
  });

  it('generated databases parse without syntax errors', () => {
    fc.assert(fc.property(validFpText, (text) => {
      expect(parseFp(text, 'g.fp').diagnostics).toEqual([]);
    }), { numRuns: 200 });
  });

  it('print → parse gives the same AST, and printing is idempotent', () => {
    fc.assert(fc.property(validFpText, (text) => {
      const ast = parseFp(text, 'g.fp').ast;
      const printed = printFp(ast);
      const again = parseFp(printed, 'g.fp');
      expect(again.diagnostics).toEqual([]);
      expect(shape(again.ast)).toEqual(shape(ast));
      expect(printFp(again.ast)).toBe(printed);
    }), { numRuns: 200 });
  });

  it('printing keeps what the loader builds (same database)', () => {
    fc.assert(fc.property(validFpText, (text) => {
      const a = loadDatabase(text, 'g.fp');
      const b = loadDatabase(printFp(parseFp(text, 'g.fp').ast), 'g.fp');
      expect(b.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
      if (a.database !== null && b.database !== null) {
        const strip = (db: typeof a.database): unknown => JSON.parse(JSON.stringify({ ...db, source: null }, (k, v: unknown) => (k === 'line' ? undefined : v)));
        expect(strip(b.database)).toEqual(strip(a.database));
      }
    }), { numRuns: 100 });
  });
});
