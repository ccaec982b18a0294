/** Every catalogue code has a documentation section and a fixture that triggers it. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ALL_CODES, LINT_CODES, codeInfo, docUrl } from '../../../compiler/diagnostics/codes.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { CODE_FIXTURES } from './code-fixtures.js';

const docs = readFileSync(new URL('../../../docs/lint-codes.md', import.meta.url), 'utf8');

describe('diagnostic catalogue', () => {
  for (const code of ALL_CODES) {
    it(`${code}: documented and triggered by its fixture`, () => {
      expect(docs).toContain(`\n## ${code}\n`);
      expect(docUrl(code)).toBe(`https://github.com/p0f-ts/p0f-ts/blob/main/docs/lint-codes.md#${code.toLowerCase()}`);
      const ds = loadDatabase(CODE_FIXTURES[code], 'fixture.fp').diagnostics;
      const hit = ds.find((d) => d.code === code);
      expect(hit?.severity).toBe(codeInfo(code).severity);
      // Each fixture is minimal: it triggers its own code and no other error.
      expect(ds.filter((d) => d.severity === 'error' && d.code !== code)).toEqual([]);
    });
  }

  it('lint ids are kebab-case and loader ids follow the spec numbering', () => {
    for (const code of Object.keys(LINT_CODES)) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    for (const code of ALL_CODES.filter((c) => c.startsWith('E'))) expect(code).toMatch(/^E0\d\d$/);
  });
});
