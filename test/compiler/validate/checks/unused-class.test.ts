import { describe, expect, it } from 'vitest';
import { checkCases } from '../fp-diagnostics.js';

describe('unused-class', () => {
  checkCases('unused-class', {
    valid: [
      'classes = win,unix\n[tcp:request]\nlabel = s:WIN:A:\nsig = *:64:0:*:*,*:::0\nlabel = s:!:T:\nsys = @unix\nsig = *:64:0:*:*,*:nop::0\n',
    ],
    invalid: [
      { text: 'classes = win,unix,other\n[tcp:request]\nlabel = s:win:A:\nsig = *:64:0:*:*,*:::0\n', errors: [{ line: 1, column: 15 }, { line: 1, column: 20 }] },
    ],
  }, it, expect);
});
