/**
 * The loader state machine (E10–E14), class lookups (E5) and duplicate detection (E50),
 * with the spec's [V] cases, plus the one-pass recovery behaviour.
 */
import { describe, expect, it } from 'vitest';
import { found, lintText } from './fp-diagnostics.js';

const errors = (text: string): { code: string; line: number; column: number }[] =>
  lintText(text).filter((d) => d.severity === 'error').map(found);

const CLASSES = 'classes = win,unix\n';

describe('placement (A.3)', () => {
  const cases: readonly (readonly [string, string, { code: string; line: number; column: number }[]])[] = [
    ['classes after a section', `${CLASSES}[mtu]\nclasses = x\n`, [{ code: 'E010', line: 3, column: 1 }]],
    ['ua_os in http:response', `${CLASSES}[http:response]\nua_os = Linux\n`, [{ code: 'E011', line: 3, column: 1 }]],
    ['ua_os after a label', `${CLASSES}[http:request]\nlabel = s:!:X:\nsys = Linux\nua_os = Linux\n`, [{ code: 'E011', line: 5, column: 1 }]],
    ['ua_os in tcp', `${CLASSES}[tcp:request]\nua_os = Linux\n`, [{ code: 'E011', line: 3, column: 1 }]],
    ['ua_os before sections', 'ua_os = Linux\n', [{ code: 'E011', line: 1, column: 1 }]],
    ['ua_os after [mtu] following http:request', `${CLASSES}[http:request]\n[mtu]\nua_os = Linux\n`, [{ code: 'E011', line: 4, column: 1 }]],
    ['label before any section', 'label = s:!:X:\n', [{ code: 'E012', line: 1, column: 1 }]],
    ['label after an app label without sys', `${CLASSES}[tcp:request]\nlabel = s:!:X:\nlabel = s:!:Y:\nsys = Linux\n`, [{ code: 'E012', line: 4, column: 1 }]],
    ['sys after an OS label', `${CLASSES}[tcp:request]\nlabel = s:unix:Linux:\nsys = Linux\n`, [{ code: 'E013', line: 4, column: 1 }]],
    ['second sys', `${CLASSES}[tcp:request]\nlabel = s:!:X:\nsys = Linux\nsys = Linux\n`, [{ code: 'E013', line: 5, column: 1 }]],
    ['sys in [mtu]', '[mtu]\nlabel = s:!:x:\nsys = Linux\n', [{ code: 'E013', line: 3, column: 1 }]],
    ['sig right after a section', `${CLASSES}[tcp:request]\nlabel = s:unix:Linux:\n[tcp:response]\nsig = *:64:0:*:*,*:::0\n`, [{ code: 'E014', line: 5, column: 1 }]],
    ['sig after an app label without sys', `${CLASSES}[tcp:request]\nlabel = s:!:X:\nsig = *:64:0:*:*,*:::0\nsig = *:65:0:*:*,*:::0\n`, [{ code: 'E014', line: 4, column: 1 }]],
    ['sig before sections', 'sig = 1500\n', [{ code: 'E014', line: 1, column: 1 }]],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(errors(text)).toEqual(want));

  it('accepts what the spec allows', () => {
    const ok = [
      `${CLASSES}classes = other\n[http:request]\nua_os = Linux\nua_os = Windows\nlabel = s:!:X:\nsys =\nsig = *:Host::\n[http:request]\nua_os = iOS\n`,
      `${CLASSES}[tcp:request]\nlabel = s:unix:Linux:\nlabel = s:unix:Linux:2\n[tcp:request]\n[mtu]\nlabel = a\nlabel = b\nsig = 1500\n`,
      `${CLASSES}[tcp:request]\nlabel = s:!:X:\n`,
      '',
    ];
    for (const text of ok) expect(errors(text)).toEqual([]);
  });
});

describe('class lookups (E5)', () => {
  it('looks classes up case-insensitively and reports unknown ones at the class', () => {
    expect(errors(`${CLASSES}[tcp:request]\nlabel = s:UNIX:Linux:\n`)).toEqual([]);
    expect(errors('[tcp:request]\nlabel = s:unix:Linux:\n')).toEqual([{ code: 'E005', line: 2, column: 11 }]);
    expect(errors(`${CLASSES}[tcp:request]\nlabel = s:!x:Linux:\n`)).toEqual([{ code: 'E005', line: 3, column: 11 }]);
    expect(errors(`${CLASSES}[tcp:request]\nlabel = s:!:X:\nsys = Linux,@bsd\n`)).toEqual([{ code: 'E005', line: 4, column: 13 }]);
    // p0f looks the class up before reading the name, so a bad name does not hide an unknown class.
    expect(errors(`${CLASSES}[tcp:request]\nlabel = s:unixLinux:3.x\n`).map((e) => [e.code, e.column])).toEqual([['E005', 11], ['E016', 24]]);
    expect(lintText('[tcp:request]\nlabel = s:bsd:X:\n').find((d) => d.code === 'E005')?.p0fMessage).toBe("Unknown class 'bsd' in line 2.");
  });
});

describe('duplicates (E50)', () => {
  const tcp = (a: string, b: string, first = 's'): string => `${CLASSES}[tcp:request]\nlabel = ${first}:unix:A:\nsig = ${a}\nlabel = s:unix:B:\nsig = ${b}\n`;
  const cases: readonly (readonly [string, string, string, boolean])[] = [
    ['lower TTL within 35', '*:64:0:*:*,*:::0', '*:60:0:*:*,*:::0', true],
    ['higher TTL', '*:64:0:*:*,*:::0', '*:128:0:*:*,*:::0', false],
    ['TTL more than 35 lower', '*:128:0:*:*,*:::0', '*:64:0:*:*,*:::0', false],
    ['bad TTL covers any lower TTL', '*:128-:0:*:*,*:::0', '*:60:0:*:*,*:::0', true],
    ['identical * sigs with df do not collide', '*:64:0:*:*,*::df:0', '*:64:0:*:*,*::df:0', false],
    ['identical * sigs with flow collide', '*:64:0:*:*,*::flow:0', '*:64:0:*:*,*::flow:0', true],
    ['4 then * with df collide', '4:64:0:*:*,*::df:0', '*:64:0:*:*,*::df:0', true],
    ['ip version is not compared', '4:64:0:*:*,*:::0', '6:64:0:*:*,*:::0', true],
    ['%512 covers 1024', '*:64:0:*:%512,*:::0', '*:64:0:*:1024,*:::0', true],
    ['mss*10 covers 14600 with mss 1460', '*:64:0:*:mss*10,*:mss::0', '*:64:0:1460:14600,*:mss::0', true],
    ['mss* does not cover plain window without mss', '*:64:0:*:mss*10,*:mss::0', '*:64:0:*:14600,*:mss::0', false],
    ['?2 is mss', '*:64:0:*:*,*:mss::0', '*:64:0:*:*,*:?2::0', true],
    ['different layout', '*:64:0:*:*,*:mss::0', '*:64:0:*:*,*:nop::0', false],
    ['* mss is covered only by * mss', '*:64:0:1460:*,*:::0', '*:64:0:*:*,*:::0', false],
  ];
  for (const [name, a, b, collides] of cases) {
    it(`tcp: ${name}`, () => {
      expect(errors(tcp(a, b))).toEqual(collides ? [{ code: 'E050', line: 6, column: 7 }] : []);
    });
  }
  it('tcp: an earlier generic signature never collides', () => {
    expect(errors(tcp('*:64:0:*:*,*:::0', '*:64:0:*:*,*:::0', 'g'))).toEqual([]);
  });
  it('names the covering line and points a note at it', () => {
    const d = lintText(tcp('*:64:0:*:*,*:::0', '*:60:0:*:*,*:::0')).find((x) => x.code === 'E050');
    expect(d?.p0fMessage).toBe('Signature in line 6 is already covered by line 4.');
    expect(d?.labels.filter((l) => l.role === 'note').map((l) => l.span.line)).toEqual([4]);
  });

  const http = (a: string, b: string, dir = 'request'): string => `${CLASSES}[http:${dir}]\nlabel = s:!:A:\nsys = Linux\nsig = ${a}\nlabel = s:!:B:\nsys = Linux\nsig = ${b}\n`;
  const httpCases: readonly (readonly [string, string, string, boolean])[] = [
    ['* then 1', '*:Host::', '1:Host::', true],
    ['1 then *', '1:Host::', '*:Host::', false],
    ['1 then 0', '1:Host::', '0:Host::', false],
    ['extra header in the new sig', '1:Host,User-Agent::', '1:Host,Accept,User-Agent::', true],
    ['extra header in the earlier sig', '1:Host,Accept,User-Agent::', '1:Host,User-Agent::', false],
    ['swapped order', '1:Host,User-Agent::', '1:User-Agent,Host::', false],
    ['value substring', '1:Host=[ab]::', '1:Host=[xaby]::', true],
    ['value missing in new', '1:Host=[ab]::', '1:Host::', false],
    ['earlier optional absent from new', '1:Host,?Cookie::', '1:Host::', true],
    ['new optional not in earlier', '1:Host::', '1:Host,?Cookie::', true],
    ['earlier absent list longer', '1:Host:Accept:', '1:Host::', false],
    ['earlier absent list shorter', '1:Host::', '1:Host:Accept:', true],
    ['absent subset', '1:Host:Accept:', '1:Host:Accept,Cookie:', true],
    ['absent superset', '1:Host:Accept,Cookie:', '1:Host:Accept:', false],
    ['expected software ignored', '1:Host::Foo', '1:Host::Bar', true],
  ];
  for (const [name, a, b, collides] of httpCases) {
    it(`http: ${name}`, () => {
      expect(errors(http(a, b))).toEqual(collides ? [{ code: 'E050', line: 8, column: 7 }] : []);
    });
  }
  it('http: requests and responses are separate lists', () => {
    expect(errors(`${CLASSES}[http:request]\nlabel = s:!:A:\nsys = Linux\nsig = 1:Host::\n[http:response]\nlabel = s:!:B:\nsys = Linux\nsig = 1:Host::\n`)).toEqual([]);
  });
});

describe('one pass, with recovery', () => {
  it('reports every problem, not just the first', () => {
    const text = `${CLASSES}[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:::x\nsig = *:300:0:*:*,*:::0\nclasses = late\n`;
    expect(errors(text).map((e) => [e.code, e.line])).toEqual([['E049', 4], ['E025', 5], ['E010', 6]]);
  });

  it('an invalid label still opens a label scope', () => {
    const text = `${CLASSES}[tcp:request]\nlabel = s:unix:Lin*ux:\nsig = *:64:0:*:*,*:::0\nsig = *:65:0:*:*,*:::0\n`;
    expect(errors(text).map((e) => e.code)).toEqual(['E016']);
  });

  it('an invalid app label expects its sys line', () => {
    const text = `${CLASSES}[tcp:request]\nlabel = s:!:Lin*ux:\nsys = Linux\nsig = *:64:0:*:*,*:::0\n`;
    expect(errors(text).map((e) => e.code)).toEqual(['E016']);
  });

  it('a misplaced sig is reported once per label', () => {
    const text = `${CLASSES}[tcp:request]\nsig = *:64:0:*:*,*:::0\nsig = *:65:0:*:*,*:::0\n`;
    expect(errors(text).map((e) => [e.code, e.line])).toEqual([['E014', 3]]);
  });

  it('a malformed section header still switches the value syntax', () => {
    const text = `${CLASSES}[tcp:request] \nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:::0\n`;
    expect(errors(text).map((e) => [e.code, e.line])).toEqual([['E008', 2]]);
  });
});
