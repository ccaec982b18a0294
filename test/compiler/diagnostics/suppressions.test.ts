import { describe, expect, it } from 'vitest';
import { loadDatabase } from '../../../compiler/model/load-database.js';

const codes = (text: string): string[] => loadDatabase(text, 't').diagnostics.map((d) => `${d.code}@${d.span.line}`);

describe('; p0f-ts-allow:', () => {
  const base = 'classes = unix,win\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0\n';

  it('silences the named warning on the next line only', () => {
    expect(codes(base)).toEqual(['unused-class@1']);
    expect(codes(`; p0f-ts-allow: unused-class\n${base}`)).toEqual([]);
    expect(codes(`; p0f-ts-allow: unused-class\n\n${base}`)).toEqual(['unused-class@3']);
    expect(codes(`  ;p0f-ts-allow:empty-label,unused-class\n${base}`)).toEqual([]);
  });

  it('does not silence other codes', () => {
    expect(codes(`; p0f-ts-allow: empty-label\n${base}`)).toEqual(['unused-class@2']);
  });

  it('never silences loader errors (p0f would still refuse the file)', () => {
    expect(codes('[tcp:request]\n; p0f-ts-allow: E005\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0\n')).toEqual(['E005@3']);
  });
});
