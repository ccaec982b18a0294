import { describe, expect, it } from 'vitest';
import { checkCases } from '../fp-diagnostics.js';

const H = 'classes = win,unix\n[tcp:request]\n';

describe('os-name-spelling', () => {
  checkCases('os-name-spelling', {
    valid: [
      `${H}label = s:unix:Mac OS X:\nlabel = s:unix:mac os x:2\n`,
      `${H}label = s:unix:Linux:\nlabel = s:unix:Linux2:\n`,
    ],
    invalid: [
      { text: `${H}label = s:unix:Mac OS X:10.x\nlabel = s:unix:MacOS X:10.9\n`, errors: [{ line: 4, column: 16 }] },
      { text: `${H}label = s:!:Tool:\nsys = Free BSD\nlabel = s:unix:FreeBSD:\n`, errors: [{ line: 5, column: 16 }] },
    ],
  }, it, expect);
});
