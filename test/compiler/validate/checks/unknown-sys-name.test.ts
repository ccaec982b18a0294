import { describe, expect, it } from 'vitest';
import { checkCases, lintText } from '../fp-diagnostics.js';

const H = 'classes = win,unix\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:::0\n';

describe('unknown-sys-name', () => {
  checkCases('unknown-sys-name', {
    valid: [`${H}label = s:!:T:\nsys = linux,@win\nsig = *:64:0:*:*,*:nop::0\n`],
    invalid: [
      { text: `${H}label = s:!:T:\nsys = Linux ,Plan9\nsig = *:64:0:*:*,*:nop::0\n`, errors: [{ line: 6, column: 7 }, { line: 6, column: 14 }] },
    ],
  }, it, expect);

  it('explains that spaces count', () => {
    const d = lintText(`${H}label = s:!:T:\nsys = Linux ,Plan9\nsig = *:64:0:*:*,*:nop::0\n`).filter((x) => x.code === 'unknown-sys-name');
    expect(d.map((x) => x.help)).toEqual([expect.stringContaining("did you mean 'Linux'"), expect.any(String)].slice(0, d.length));
    expect(d.length).toBe(2);
  });
});
