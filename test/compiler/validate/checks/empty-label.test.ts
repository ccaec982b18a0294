import { describe, expect, it } from 'vitest';
import { checkCases } from '../fp-diagnostics.js';

const H = 'classes = win,unix\n[tcp:request]\n';

describe('empty-label', () => {
  checkCases('empty-label', {
    valid: [`${H}label = s:unix:A:\nsig = *:64:0:*:*,*:::0\n`, '[mtu]\nlabel = x\nsig = 1500\n'],
    invalid: [
      { text: `${H}label = s:unix:A:\nlabel = s:unix:B:\nsig = *:64:0:*:*,*:::0\n`, errors: [{ line: 3, column: 1 }] },
      { text: '[mtu]\nlabel = x\n[mtu]\nlabel = y\nsig = 1500\n', errors: [{ line: 2, column: 1 }] },
    ],
  }, it, expect);
});
