import { describe, expect, it } from 'vitest';
import { checkCases } from '../fp-diagnostics.js';

const H = 'classes = win,unix\n[tcp:request]\n';

describe('fragile-name', () => {
  checkCases('fragile-name', {
    valid: [`${H}label = s:unix:Linux:2.6 (x86)\nsig = *:64:0:*:*,*:::0\n`, '[mtu]\nlabel = Ethernet or modem\nsig = 1500\n'],
    invalid: [
      { text: `${H}label = s:unix:Linux:a|b\nsig = *:64:0:*:*,*:::0\n`, errors: [{ line: 3, column: 22 }] },
      { text: `${H}label = s:unix:Linux:a=b\nsig = *:64:0:*:*,*:::0\n`, errors: [{ line: 3 }] },
      { text: `${H}label = s:unix:Linux:2.6 \nsig = *:64:0:*:*,*:::0\n`, errors: [{ line: 3 }] },
      { text: `${H}label = s:unix:Linux :2.6\nsig = *:64:0:*:*,*:::0\n`, errors: [{ line: 3, column: 16 }] },
      { text: `${H}label = s:unix:Linux:caf\u00e9\nsig = *:64:0:*:*,*:::0\n`, errors: [{ line: 3 }] },
      { text: '[mtu]\nlabel = eth\r\nsig = 1500\n', errors: [{ line: 2, column: 9 }] },
    ],
  }, it, expect);
});
