/** HttpMatcher factories: tiers, the dishonest test, and tables that do not fit the database. */
import { describe, expect, it } from 'vitest';
import { buildHttpTables } from '../../../compiler/tables/build-http-tables.js';
import { observeHttpHeaders } from '../../../runtime/fingerprint/http-observation.js';
import { createCompiledHttpMatcher, createInterpretedHttpMatcher, isDishonestSoftware } from '../../../runtime/match/http-matcher.js';
import { parseFpForHttp } from '../http/fixtures/load-fp-for-http.js';

const FP = ['classes = win,unix', '[http:request]', 'label = g:!:Gen:', 'sys = @unix', 'sig = *:Host::', 'label = s:!:Spec:', 'sys = @unix', 'sig = 1:Host,X-S:: Chrom', ''].join('\n');
const db = parseFpForHttp(FP);
const other = parseFpForHttp(FP.replace('sig = *:Host::', 'sig = *:Host,X-Z::'));

describe('HTTP matchers', () => {
  const obs = (names: string[], version: 0 | 1 = 1) => observeHttpHeaders('request', version, names.map((name) => ({ name, value: 'v' })));

  for (const [kind, matcher] of [
    ['interpreted', createInterpretedHttpMatcher(db)],
    ['compiled', createCompiledHttpMatcher(db, buildHttpTables(db))],
  ] as const) {
    it(`${kind}: a later specific match beats an earlier generic one; generic is the fallback`, () => {
      expect(matcher.match(obs(['Host', 'X-S']), 'request')).toMatchObject({ kind: 'match', tier: 'exact', signature: { line: 8 } });
      expect(matcher.match(obs(['Host', 'X-S'], 0), 'request')).toMatchObject({ kind: 'match', tier: 'generic', signature: { line: 5 } });
      expect(matcher.match(obs(['X-S']), 'request')).toEqual({ kind: 'none' });
      expect(matcher.match(obs(['Host']), 'response')).toEqual({ kind: 'none' });
    });
  }

  it('falls back to exact answers when the tables belong to another database', () => {
    const mismatched = createCompiledHttpMatcher(db, buildHttpTables(other));
    expect(mismatched.match(obs(['Host']), 'request')).toMatchObject({ kind: 'match', signature: { line: 5 } });
  });

  it('dishonest needs both an expected string and observed software; blanks count', () => {
    const spec = db.httpRequest[1];
    expect(spec.expectedSoftware).toBe(' Chrom');
    expect(isDishonestSoftware(spec, 'Mozilla Chrome/1')).toBe(false);
    expect(isDishonestSoftware(spec, 'Chrome/1')).toBe(true);
    expect(isDishonestSoftware(spec, null)).toBe(false);
    expect(isDishonestSoftware(db.httpRequest[0], 'anything')).toBe(false);
  });
});
