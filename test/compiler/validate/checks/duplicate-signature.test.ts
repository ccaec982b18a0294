import { describe, expect, it } from 'vitest';
import { checkCases } from '../fp-diagnostics.js';

const H = 'classes = win,unix\n[tcp:request]\n';

describe('duplicate-signature', () => {
  checkCases('duplicate-signature', {
    valid: [
      `${H}label = s:unix:A:\nsig = *:64:0:*:*,*:mss:df:0\nsig = *:64:0:*:*,*:mss,ws:df:0\n`,
      '[mtu]\nlabel = a\nsig = 1500\nlabel = b\nsig = 1492\n',
      // ip version matters when version-specific quirks are involved
      `${H}label = s:unix:A:\nsig = 4:64:0:*:*,*:mss:df:0\nlabel = s:unix:B:\nsig = *:64:0:*:*,*:mss:df:0\n`,
    ],
    invalid: [
      { text: `${H}label = s:unix:A:\nsig = *:64:0:*:*,*:mss:df:0\nlabel = s:unix:B:\nsig = *:64:0:*:*,*:mss:df:0\n`, errors: [{ line: 6, column: 1 }] },
      { text: '[mtu]\nlabel = a\nsig = 1500\nlabel = b\nsig = 1500\n', errors: [{ line: 5, column: 1 }] },
      { text: `${H}label = g:unix:A:\nsig = 4:64:0:*:*,*:?2::0\nlabel = g:unix:B:\nsig = 6:64:0:*:*,*:mss::0\n`, errors: [{ line: 6 }] },
      { text: 'classes = a\n[http:request]\nlabel = g:!:A:\nsys = X\nsig = 1:Host::Foo\nlabel = g:!:B:\nsys = X\nsig = 1:Host::Bar\n', errors: [{ line: 8 }] },
    ],
  }, it, expect);
});
