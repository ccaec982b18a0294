/**
 * emitHttpMatchers: deterministic, readable output that type-checks against the runtime
 * types, whose tables are exactly buildHttpTables' and whose checks run (the behaviour of
 * the checks is covered by test/runtime/match/http-matcher.prop.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { emitHttpMatchers, httpSignatureText } from '../../../compiler/codegen/emit-http-matchers.js';
import { buildHttpTables } from '../../../compiler/tables/build-http-tables.js';
import { REPO_ROOT } from '../../helpers/shared-corpus.js';
import { parseFpForHttp } from '../../runtime/http/fixtures/load-fp-for-http.js';
import { stockDatabase } from '../../runtime/http/fixtures/stock-database.js';
import { HttpHeaderView } from '../../../runtime/match/http-header-view.js';
import { loadGeneratedHttpTables } from '../../runtime/match/http-generated-tables.js';

const HEADER = '// DO NOT EDIT — test header';
const SMALL_FP = [
  'classes = win,unix',
  '[http:request]',
  'label = s:!:Tool:1.x',
  'sys = @unix',
  'sig = *:Host,?Cookie,Accept=[*/*]:Keep-Alive:tool/',
  'label = g:unix:Linux:',
  'sig = 1:?X-A=[a,b]::',
  '[http:response]',
  'label = s:!:Srv:',
  'sys = Linux',
  'sig = 0:Server=[it\'s],Date:Connection:',
  '',
].join('\n');

describe('emitHttpMatchers', () => {
  const small = parseFpForHttp(SMALL_FP, 'small.fp');

  it('prints a small database exactly', () => {
    const text = emitHttpMatchers(small, HEADER);
    expect(text).toContain(`${HEADER}\nimport type { HttpHeaderView } from '../runtime/match/http-header-view.js';\n`);
    expect(text).toContain(
      [
        '/** Header-order check of [http:request] signature number `index` (0-based, file order). */',
        'function checkRequestHeaderOrder(index: number, h: HttpHeaderView): boolean {',
        '  let p = 0;',
        '  let j: number;',
        '  switch (index) {',
        '    // line 5, s:!:Tool:1.x',
        '    // sig = *:Host,?Cookie,Accept=[*/*]:Keep-Alive:tool/',
        '    case 0:',
        '      j = h.find(0, p); // Host',
        '      if (j < 0) return false;',
        '      p = j + 1;',
        '      j = h.find(1, p); // ?Cookie',
        '      if (j >= 0) p = j + 1;',
        '      else if (h.has(1)) return false;',
        '      j = h.find(2, p); // Accept',
        "      if (j < 0 || !h.valueContains(j, '*/*')) return false;",
        '      p = j + 1;',
        '      return true;',
        '    // line 7, g:unix:Linux:',
        '    // sig = 1:?X-A=[a,b]::',
        '    case 1:',
        '      j = h.find(4, p); // ?X-A',
        '      if (j >= 0) {',
        "        if (!h.valueContains(j, 'a,b')) return false;",
        '        p = j + 1;',
        '      } else if (h.has(4)) return false;',
        '      return true;',
        '    default:',
        '      return false;',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(text).toContain("if (j < 0 || !h.valueContains(j, 'it\\'s')) return false;");
    expect(text).toContain("headerNames: ['Host', 'Cookie', 'Accept', 'Keep-Alive', 'X-A', 'Server', 'Date', 'Connection'],");
    expect(text).toContain('    check: checkRequestHeaderOrder,\n');
  });

  it('is deterministic', () => {
    const db = stockDatabase();
    expect(emitHttpMatchers(db, HEADER)).toBe(emitHttpMatchers(db, HEADER));
  });

  it('quotes signature text faithfully in comments', () => {
    expect(httpSignatureText(small.httpRequest[0])).toBe('*:Host,?Cookie,Accept=[*/*]:Keep-Alive:tool/');
  });

  it('type-checks against the runtime types', () => {
    const project = new Project({ tsConfigFilePath: join(REPO_ROOT, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
    const file = project.createSourceFile(join(REPO_ROOT, 'generated', '__http-matchers-typecheck.generated.ts'), emitHttpMatchers(stockDatabase(), HEADER), { overwrite: true });
    const problems = file.getPreEmitDiagnostics().map((d) => d.getMessageText().toString());
    expect(problems).toEqual([]);
  });

  it('carries exactly the in-memory tables plus one check function per direction', async () => {
    for (const db of [small, stockDatabase()]) {
      const loaded = await loadGeneratedHttpTables(db);
      const built = buildHttpTables(db);
      const { request, response, ...rest } = loaded;
      expect(rest).toEqual({ headerNames: built.headerNames, maskWords: built.maskWords });
      expect(request.signatures).toEqual(built.request.signatures);
      expect(response.signatures).toEqual(built.response.signatures);
      expect(typeof request.check).toBe('function');
      expect(typeof response.check).toBe('function');
      // Out-of-range indexes are no match, never an exception.
      expect(request.check?.(db.httpRequest.length, new HttpHeaderView(built.maskWords))).toBe(false);
    }
  });

  it('generated/http-matchers.generated.ts, when built, has not drifted from the emitter', () => {
    const path = join(REPO_ROOT, 'generated', 'http-matchers.generated.ts');
    const exists = existsSync(path);
    const text = exists ? readFileSync(path, 'utf8') : '';
    const header = text.split('\n').slice(0, 5).join('\n');
    if (exists) expect(text).toBe(emitHttpMatchers(stockDatabase(), header));
    else expect(exists).toBe(false);
  });
});
