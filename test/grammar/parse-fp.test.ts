/**
 * Syntax-level loader errors: each case is a database text, the code p0f's loader problem
 * maps to, and where we point (line, column). Cases follow the spec's [V] examples.
 */
import { describe, expect, it } from 'vitest';
import { parseFp } from '../../grammar/parse-fp.js';
import type { Diagnostic } from '../../grammar/diagnostic.js';

const TCP = 'classes = win,unix\n[tcp:request]\nlabel = s:unix:Linux:x\n';
const HTTP = 'classes = win,unix\n[http:request]\nlabel = s:unix:Linux:x\n';
const MTU = '[mtu]\nlabel = Ethernet\n';

function first(text: string): { code: string; line: number; column: number } | null {
  const d: Diagnostic | undefined = parseFp(text, 't.fp').diagnostics[0];
  return d === undefined ? null : { code: d.code, line: d.span.line, column: d.span.column };
}

/** [value, code or null for accepted, 0-based index of the offending character in the value] */
type ValueCase = readonly [string, string | null, number?];

const TCP_CASES: readonly ValueCase[] = [
  ['*:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0', null],
  ['4:4294967360:0:*:*,0::df:0', null],
  ['4:64-:0:*:*,0::df:0', null],
  ['4:64-:300:*:*,0::df:0', null],
  ['*:64:0:1460:1024,0:mss,:df,:0', null],
  ['5:64:0:*:*,0::df:0', 'E023', 0],
  ['', 'E023', 0],
  ['44:64:0:*:*,0::df:0', 'E024', 1],
  ['4:64x:0:*:*,0::df:0', 'E024', 4],
  ['4:0:0:*:*,0::df:0', 'E025', 2],
  ['4:256:0:*:*,0::df:0', 'E025', 2],
  ['4:250+10:0:*:*,0::df:0', 'E025', 2],
  ['4:64+?:0:*:*,0::df:0', 'E024', 5],
  ['4:64-:1300:*:*,0::df:0', 'E027', 7],
  ['4:64-:', 'E024', 6],
  ['4:64-x:*:*,0::df:0', 'E024', 5],
  ['4:64:256:*:*,0::df:0', 'E027', 5],
  ['4:64:0:*x:*,0::df:0', 'E024', 7],
  ['4:64:0:65536:*,0::df:0', 'E028', 7],
  ['4:64:0:*:%1,0::df:0', 'E029', 9],
  ['4:64:0:*:%2x,0::df:0', 'E024', 11],
  ['4:64:0:*:mss*1001,0::df:0', 'E030', 9],
  ['4:64:0:*:mss*,0::df:0', 'E030', 9],
  ['4:64:0:*:65536,0::df:0', 'E031', 9],
  ['4:64:0:*:100:0::df:0', 'E024', 12],
  ['4:64:0:*:*,256::df:0', 'E032', 11],
  ['4:64:0:*:*,0:eol:df:0', 'E034', 13],
  ['4:64:0:*:*,0:eol+1', 'E035', 13],
  ['4:64:0:*:*,0:eol+1,nop:df:0', 'E036', 18],
  ['4:64:0:*:*,0:eol+256:df:0', 'E037', 17],
  ['4:64:0:*:*,0:?x:df:0', 'E038', 14],
  ['4:64:0:*:*,0:?256:df:0', 'E039', 13],
  ['4:64:0:*:*,0:foo:df:0', 'E040', 13],
  ['4:64:0:*:*,0:,nop:df:0', 'E040', 13],
  ['4:64:0:*:*,0:nopx:df:0', 'E041', 16],
  ['4:64:0:*:*,0:mss', 'E041', 16],
  [`4:64:0:*:*,0:${Array(25).fill('nop').join(',')}:df:0`, 'E033', 13 + 24 * 4],
  [`4:64:0:*:*,0:${Array(24).fill('nop').join(',')}:df:0`, null],
  ['6:64:0:*:*,0::df:0', 'E043', 14],
  ['6:64:0:*:*,0::id+:0', 'E044', 14],
  ['6:64:0:*:*,0::id-:0', 'E045', 14],
  ['6:64:0:*:*,0::0+:0', 'E046', 14],
  ['4:64:0:*:*,0::flow:0', 'E047', 14],
  ['*:64:0:*:*,0::flow,df:0', null],
  ['4:64:0:*:*,0::foo:0', 'E042', 14],
  ['4:64:0:*:*,0::df', 'E048', 16],
  ['4:64:0:*:*,0::dfx:0', 'E048', 16],
  ['4:64:0:*:*,0::df:1', 'E049', 17],
  ['4:64:0:*:*,0::df:0 ', 'E049', 17],
  ['4:64:0:*:*,0::df:0\r', 'E049', 17],
];

const HTTP_CASES: readonly ValueCase[] = [
  ['*:Host,User-Agent,Accept=[,*/*;q=]::Firefox/', null],
  ['1:::', null],
  ['1:Host,::', null],
  ['', 'E024', 0],
  ['1', 'E024', 1],
  ['10:Host::', 'E024', 1],
  ['2:Host::', 'E051', 0],
  ['1:,Host::', 'E053', 2],
  ['*:', 'E053', 2],
  ['1:?::', 'E053', 3],
  ['1:Host', 'E024', 6],
  ['1:Host=x::', 'E020', 7],
  ['1:Host=[]::', 'E024', 8],
  ['1:Host=[a::', 'E024', 11],
  ['1:Ho.st::', 'E024', 4],
  ['1:Host:', 'E053', 7],
  ['1:Host:Accept=[x]:', 'E024', 13],
  ['1:Host::a:b', 'E024', 9],
  [`1:${Array.from({ length: 32 }, (_, i) => `H${i}`).join(',')}::`, null],
  [`1:${Array.from({ length: 33 }, (_, i) => `H${i}`).join(',')}::`, 'E052', 2 + 32 * 3 + 22 * 1],
];

const MTU_CASES: readonly ValueCase[] = [
  ['1500', null],
  ['4294968796', null],
  ['15a', 'E022', 2],
  ['0', 'E022', 0],
  ['65536', 'E022', 0],
  ['1500 ', 'E022', 4],
  ['+1500', 'E022', 0],
];

describe('parseFp: TCP signature syntax (line 4, value at column 7)', () => {
  for (const [value, code, idx] of TCP_CASES) {
    it(`sig = ${JSON.stringify(value)} → ${code}`, () => {
      const want = code === null ? null : { code, line: 4, column: 7 + (idx ?? 0) };
      expect(first(`${TCP}sig = ${value}\n`)).toEqual(want);
    });
  }
});

describe('parseFp: HTTP signature syntax', () => {
  for (const [value, code, idx] of HTTP_CASES) {
    it(`sig = ${JSON.stringify(value)} → ${code}`, () => {
      const want = code === null ? null : { code, line: 4, column: 7 + (idx ?? 0) };
      expect(first(`${HTTP}sig = ${value}\n`)).toEqual(want);
    });
  }
});

describe('parseFp: MTU signature syntax', () => {
  for (const [value, code, idx] of MTU_CASES) {
    it(`sig = ${JSON.stringify(value)} → ${code}`, () => {
      const want = code === null ? null : { code, line: 3, column: 7 + (idx ?? 0) };
      expect(first(`${MTU}sig = ${value}\n`)).toEqual(want);
    });
  }
});

/** [text, code, line, column] for statement-level and list-value problems. */
const STATEMENT_CASES: readonly (readonly [string, string | null, number?, number?])[] = [
  ['[mtu]\n[tcp:request]\n[tcp:response]\n[http:request]\n[http:response]\n', null],
  ['[mtu]\r\n', 'E006', 1, 1],
  ['[mtux]\n', 'E006', 1, 1],
  ['[mtu:request]\n', 'E007', 1, 2],
  ['[TCP:request]\n', 'E007', 1, 2],
  ['[tcp:request] \n', 'E008', 1, 6],
  ['[tcp:request\n', 'E008', 1, 6],
  ['[tcp:request];c\n', 'E008', 1, 6],
  ['sig2 = x\n', 'E009', 1, 4],
  ['= x\n', 'E009', 1, 1],
  ['label x\n', 'E009', 1, 7],
  ['\r\n', 'E009', 1, 1],
  ['# comment\n', 'E009', 1, 1],
  ['Label = x\n', 'E015', 1, 1],
  ['label_ = x\n', 'E015', 1, 1],
  ['  ; comment\n\t\n   \n', null],
  ['classes = a, b\nclasses = ,a,,b\nclasses =\n', null],
  ['classes = a,\n', 'E004', 1, 13],
  ['classes = a ,b\n', 'E004', 1, 12],
  ['classes = a-b\n', 'E004', 1, 12],
  ['classes = win\r\n', 'E004', 1, 14],
  ['classes = a,b \n', 'E004', 1, 14],
  [`${TCP}label = S:unix:X:\n`, 'E004', 4, 9],
  [`${TCP}label = s::X:\n`, 'E004', 4, 11],
  [`${TCP}label = s:un-ix:X:\n`, 'E004', 4, 13],
  [`${TCP}label = \n`, 'E004', 4, 9],
  [`${TCP}label = s:!:Foo\n`, 'E016', 4, 16],
  [`${TCP}label = s:unix::x\n`, 'E016', 4, 16],
  [`${TCP}label = s:unix:Lin*ux:\n`, 'E016', 4, 19],
  [`${TCP}label = s:unix:Linux:a:b|c \n`, null],
  [`${MTU}label = \n`, 'E017', 3, 9],
  [`${MTU}label = g:unix:x:\n`, null],
  [`${TCP}sys = Linux,\n`, 'E018', 4, 13],
  [`${TCP}sys = @\n`, 'E018', 4, 8],
  [`${TCP}sys = Lin\tux\n`, 'E018', 4, 10],
  [`${TCP}sys = Linux , Windows,@unix\n`, null],
  [`${HTTP}ua_os = Linux,,Win\n`, 'E019', 4, 15],
  [`${HTTP}ua_os = Linux;Win\n`, 'E019', 4, 14],
  [`${HTTP}ua_os = Linux=x\n`, 'E020', 4, 15],
  [`${HTTP}ua_os = Linux=[]\n`, 'E021', 4, 16],
  [`${HTTP}ua_os = Linux=[a\n`, 'E021', 4, 17],
  [`${HTTP}ua_os = Linux=[L]Win,iOS=[iPad],\n`, null],
];

describe('parseFp: statements and list values', () => {
  for (const [text, code, line, column] of STATEMENT_CASES) {
    it(`${JSON.stringify(text)} → ${code}`, () => {
      expect(first(text)).toEqual(code === null ? null : { code, line, column });
    });
  }
});

describe('parseFp: lines as p0f reads them', () => {
  it('stops at the first NUL and keeps the text before it', () => {
    const r = parseFp('[mtu]\nlabel = x\nsig = 1500\0garbage\n[nonsense', 't');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.text).toBe('[mtu]\nlabel = x\nsig = 1500');
    expect(r.ast.items.map((i) => i.kind)).toEqual(['section', 'label', 'sig']);
  });

  it('keeps trailing blanks and CR in values', () => {
    const r = parseFp('[mtu]\nlabel = link name \r\n', 't');
    const label = r.ast.items[1];
    expect(label.kind === 'label' && label.value.kind === 'mtu-label' ? label.value.text : null).toBe('link name \r');
  });

  it('counts every LF-terminated line and processes a last line without LF', () => {
    const r = parseFp('; c\n\n[mtu]\nlabel = x\nsig = 0', 't');
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([['E022', 5]]);
  });

  it('gives every diagnostic p0f\'s own message text', () => {
    const r = parseFp(`${TCP}sig = 4:64:0:*:*,0::df:1\n`, 't');
    expect(r.diagnostics[0].p0fMessage).toBe('Malformed payload class in line 4.');
    expect(parseFp('[TCP:request]\n', 't').diagnostics[0].p0fMessage).toBe("Unrecognized fingerprinting module 'TCP' in line 1.");
  });

  it('parses each value in the syntax of its section', () => {
    const r = parseFp(`${TCP}sig = 1500\n[mtu]\nlabel = x\nsig = 1500\n`, 't');
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([['E023', 4]]);
  });
});
