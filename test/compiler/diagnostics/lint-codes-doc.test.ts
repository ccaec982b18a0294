import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderLintCodesDoc } from './lint-codes-doc.js';

describe('docs/lint-codes.md', () => {
  it('matches the catalogue and the rendered fixtures (regenerate with write-lint-codes-doc.ts)', () => {
    expect(readFileSync(new URL('../../../docs/lint-codes.md', import.meta.url), 'utf8')).toBe(renderLintCodesDoc());
  });
});
