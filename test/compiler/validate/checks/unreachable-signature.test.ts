import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { checkCases, lintText } from '../fp-diagnostics.js';

const H = 'classes = win,unix\n[tcp:request]\n';

describe('unreachable-signature', () => {
  checkCases('unreachable-signature', {
    valid: [
      `${H}label = s:unix:A:\nsig = *:64:0:*:*,*:mss,ws::0\nlabel = g:unix:B:\nsig = *:64:0:*:*,*:mss::0\n`,
      // generic first, then a specific that only partly overlaps
      `${H}label = g:unix:A:\nsig = *:64:0:*:*,*:mss::0\nlabel = s:unix:B:\nsig = *:64:0:*:1024,*:mss::0\n`,
      `${H}label = s:unix:A:\nsig = *:64:0:*:*,5:mss,ws::0\n`,
      // a packet without ws has scale 0, so scale * and 0 without ws are fine
      `${H}label = s:unix:A:\nsig = *:64:0:*:*,0:mss::0\n`,
    ],
    invalid: [
      // scale required but no ws option in the layout
      { text: `${H}label = s:unix:A:\nsig = *:64:0:*:*,5:mss::0\n`, errors: [{ line: 4, column: 7 }] },
      // mss*N window but no mss option
      { text: `${H}label = s:unix:A:\nsig = *:64:0:*:mss*4,*:nop::0\n`, errors: [{ line: 4, column: 7 }] },
      // generic with scale * and no ws is covered by an earlier specific with scale 0 (the stock Windows case)
      { text: `${H}label = s:win:XP:\nsig = *:128:0:*:16384,0:mss,nop,nop,sok:df,id+:0\nlabel = g:win:NT:\nsig = *:128:0:*:16384,*:mss,nop,nop,sok:df,id+:0\n`, errors: [{ line: 6, column: 7 }] },
      // an identical later specific signature (allowed by the loader because of '*' + df)
      { text: `${H}label = s:unix:A:\nsig = *:64:0:*:1024,0:mss:df,id+:0\nlabel = s:unix:B:\nsig = *:64:0:*:1024,0:mss:df,id+:0\n`, errors: [{ line: 6, column: 7 }] },
      // a generic before a specific that covers it still loses
      { text: `${H}label = g:unix:A:\nsig = *:64:0:*:1024,*:mss::0\nlabel = s:unix:B:\nsig = *:64:0:*:*,*:mss::0\n`, errors: [{ line: 4, column: 7 }] },
      // two generics: the first wins
      { text: `${H}label = g:unix:A:\nsig = *:64:0:*:*,*:mss::0\nlabel = g:unix:B:\nsig = *:64:0:*:%2,*:mss::0\n`, errors: [{ line: 6, column: 7 }] },
    ],
  }, it, expect);

  it('says a generic signature beaten by a later specific one can still be a fuzzy match', () => {
    const d = lintText(`${H}label = g:unix:A:\nsig = *:64:0:*:1024,*:mss::0\nlabel = s:unix:B:\nsig = *:64:0:*:*,*:mss::0\n`)
      .find((x) => x.code === 'unreachable-signature');
    expect(d?.message).toBe('signature is never the exact match: every packet it matches exactly also matches line 6 (s:B), which wins (it can still be a fuzzy match)');
  });

  it('points a note at the winning signature', () => {
    const d = lintText(`${H}label = s:win:XP:\nsig = *:128:0:*:16384,0:mss,nop,nop,sok:df,id+:0\nlabel = g:win:NT:\nsig = *:128:0:*:16384,*:mss,nop,nop,sok:df,id+:0\n`)
      .find((x) => x.code === 'unreachable-signature');
    expect(d?.labels.filter((l) => l.role === 'note').map((l) => l.span.line)).toEqual([4]);
  });

  it.runIf(existsSync('/etc/p0f/p0f.fp'))('finds the three Windows generics and the Mac OS X SYN+ACK copies in the stock database', () => {
    const ds = lintText(readFileSync('/etc/p0f/p0f.fp', 'latin1')).filter((d) => d.code === 'unreachable-signature');
    expect(ds.map((d) => [d.span.line, d.labels.find((l) => l.role === 'note')?.span.line])).toEqual([[198, 177], [199, 178], [204, 184], [465, 440], [466, 441]]);
  });
});

describe('unreachable-signature (http)', () => {
  const A = 'classes = unix\n[http:request]\nlabel = g:!:A:\nsys = X\nsig = ';
  const B = '\nlabel = g:!:B:\nsys = X\nsig = ';
  checkCases('unreachable-signature', {
    valid: [
      // an optional header in the earlier signature may rule out messages the later one accepts
      `${A}1:Host,?Cookie::${B}1:Host::\n`,
      // a value test after a gap: an extra Host before Accept could carry another value
      `${A}1:Accept,Host=[a]::${B}1:Accept,Connection,Host=[ab]::\n`,
      `${A}1:Host:Accept:${B}1:Host::\n`,
      `${A}1:Host::${B}*:Host::\n`,
    ],
    invalid: [
      { text: `${A}1:Host::${B}1:Host,User-Agent::\n`, errors: [{ line: 8, column: 7 }] },
      { text: `${A}*:Host=[a],User-Agent::${B}1:Host=[xab],Accept,User-Agent:Cookie:Foo\n`, errors: [{ line: 8, column: 7 }] },
    ],
  }, it, expect);
});
