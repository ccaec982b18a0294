/**
 * The Chevrotain parser for the list-like values (`classes`, `label`, `sys`, `ua_os`).
 * The rules follow p0f's loader loops exactly; the rule a failure happens in picks the
 * loader error code (e.g. a label failing in `labelName` is E016, earlier it is E004).
 * One reused parser instance; `parseValue` maps the first error to a loader diagnostic.
 */
import { CstParser, type CstNode, type IRecognitionException } from 'chevrotain';
import type { Spanned } from './span.js';
import type { SignatureLabelValue, SysEntryNode, UaOsEntryNode } from './ast.js';
import {
  ALL_TOKENS, AbsentEnd, AliasClose, AliasOpen, AliasText, At, Blanks, ClassName, ClassToken, ColonAfterClass, ColonAfterName,
  ColonAfterType, Comma, Equals, Flavor, HeaderEquals, HeaderName, HorderEnd, HttpVersionPrefix, LabelName, LabelType, Optional,
  MtuDigits, Software, SysClassName, SysName, UaName, ValueClose, ValueOpen, ValueText,
} from './tokens.js';
import { lexValue, type ValueKey } from './lexer.js';
import { classesToAst, httpSigToAst, labelToAst, sysToAst, uaOsToAst } from './cst-to-ast.js';
import type { HttpSigValue, MtuSigValue, TcpSigValue } from './ast.js';
import { parseTcpSig } from './tcp-sig-parser.js';
import { parseNum } from './value-scan.js';
import type { IToken } from 'chevrotain';
import { fail, showChar, type ScanResult, type SpanFactory } from './value-scan.js';
import type { LoaderErrorCode } from './loader-errors.js';

class FpValueParser extends CstParser {
  constructor() {
    super([...ALL_TOKENS], { recoveryEnabled: true, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  /** `[{, BLANK}* class {, {, BLANK}* class}*]`: each class must be followed by ',' or the end. */
  public classesValue = this.RULE('classesValue', () => {
    this.OPTION(() => {
      this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME(Blanks) }]));
      this.CONSUME(ClassName);
      this.MANY2(() => {
        this.CONSUME2(Comma);
        this.MANY3(() => this.OR2([{ ALT: () => this.CONSUME3(Comma) }, { ALT: () => this.CONSUME2(Blanks) }]));
        this.CONSUME2(ClassName);
      });
    });
  });

  /** Like classes, with optional '@' class references and names that may hold spaces. */
  public sysValue = this.RULE('sysValue', () => {
    this.OPTION(() => {
      this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME(Blanks) }]));
      this.SUBRULE(this.sysEntry);
      this.MANY2(() => {
        this.CONSUME2(Comma);
        this.MANY3(() => this.OR2([{ ALT: () => this.CONSUME3(Comma) }, { ALT: () => this.CONSUME2(Blanks) }]));
        this.SUBRULE2(this.sysEntry);
      });
    });
  });

  public sysEntry = this.RULE('sysEntry', () => {
    this.OR([
      { ALT: () => this.CONSUME(SysName) },
      { ALT: () => { this.CONSUME(At); this.CONSUME(SysClassName); } },
    ]);
  });

  /** `{ name [ "=[" alias "]" ] [","] }`: no separator is required between entries. */
  public uaOsValue = this.RULE('uaOsValue', () => {
    this.MANY(() => this.SUBRULE(this.uaOsEntry));
  });

  public uaOsEntry = this.RULE('uaOsEntry', () => {
    this.CONSUME(UaName);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.uaOsAlias);
    });
    this.OPTION2(() => this.CONSUME(Comma));
  });

  public uaOsAlias = this.RULE('uaOsAlias', () => {
    this.CONSUME(AliasOpen);
    this.SUBRULE(this.uaOsAliasBody);
  });

  public uaOsAliasBody = this.RULE('uaOsAliasBody', () => {
    this.CONSUME(AliasText);
    this.CONSUME(AliasClose);
  });

  /** `type ":" class ":" name ":" flavor`. */
  public labelValue = this.RULE('labelValue', () => {
    this.CONSUME(LabelType);
    this.CONSUME(ColonAfterType);
    this.CONSUME(ClassToken);
    this.CONSUME(ColonAfterClass);
    this.SUBRULE(this.labelName);
  });

  public labelName = this.RULE('labelName', () => {
    this.CONSUME(LabelName);
    this.CONSUME(ColonAfterName);
    this.OPTION(() => this.CONSUME(Flavor));
  });

  /** `[mtu]` sig: digits and nothing else (the 1..65535 range is checked after parsing). */
  public mtuSig = this.RULE('mtuSig', () => {
    this.CONSUME(MtuDigits);
  });

  /** `ver ":" horder ":" habsent ":" expsw` (the version character is checked after parsing). */
  public httpSig = this.RULE('httpSig', () => {
    this.CONSUME(HttpVersionPrefix);
    this.SUBRULE(this.horder);
    this.SUBRULE(this.habsent);
    this.OPTION(() => this.CONSUME(Software));
  });

  /** `[ entry { "," entry } [","] ] ":"`: a trailing comma is tolerated, a leading or double one is not. */
  public horder = this.RULE('horder', () => {
    this.OPTION(() => {
      this.SUBRULE(this.headerEntry);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.headerEntry);
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(HorderEnd);
  });

  public headerEntry = this.RULE('headerEntry', () => {
    this.OPTION(() => this.CONSUME(Optional));
    this.CONSUME(HeaderName);
    this.OPTION2(() => {
      this.CONSUME(HeaderEquals);
      this.SUBRULE(this.headerValue);
    });
  });

  public headerValue = this.RULE('headerValue', () => {
    this.CONSUME(ValueOpen);
    this.SUBRULE(this.headerValueBody);
  });

  public headerValueBody = this.RULE('headerValueBody', () => {
    this.CONSUME(ValueText);
    this.CONSUME(ValueClose);
  });

  public habsent = this.RULE('habsent', () => {
    this.OPTION(() => {
      this.CONSUME(HeaderName);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.CONSUME2(HeaderName);
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(AbsentEnd);
  });
}

const parser = new FpValueParser();

export interface ValueKinds {
  classes: Spanned<string>[];
  label: SignatureLabelValue;
  sys: SysEntryNode[];
  ua_os: UaOsEntryNode[];
  http_sig: HttpSigValue;
  mtu_sig: MtuSigValue;
  tcp_sig: TcpSigValue;
}

/** Which loader error a failure inside a rule is. */
const ERROR_BY_RULE: Record<string, LoaderErrorCode> = {
  classesValue: 'E004', sysValue: 'E018', sysEntry: 'E018', uaOsValue: 'E019', uaOsEntry: 'E019',
  uaOsAlias: 'E020', uaOsAliasBody: 'E021', labelValue: 'E004', labelName: 'E016',
  httpSig: 'E024', headerEntry: 'E053', headerValue: 'E020', headerValueBody: 'E024', mtuSig: 'E022',
};

const TOP_RULE: Record<Exclude<ValueKey, 'tcp_sig'>, string> = { classes: 'classesValue', label: 'labelValue', sys: 'sysValue', ua_os: 'uaOsValue', http_sig: 'httpSig', mtu_sig: 'mtuSig' };

const WHAT: Record<LoaderErrorCode, string> = {
  E004: 'malformed class entry', E016: 'malformed name', E018: 'malformed sys entry', E019: 'malformed system name',
  E020: "missing '[' after '='", E021: 'malformed ua_os alias', E024: 'malformed signature', E053: 'malformed header name',
  E022: 'malformed MTU value',
} as Record<LoaderErrorCode, string>;

const EXPECTED: Partial<Record<string, string>> = {
  ClassName: 'a class name (letters and digits)', Comma: "','", LabelType: "'s' or 'g'", ColonAfterType: "':'",
  ClassToken: "a class name or '!'", ColonAfterClass: "':' after the class", LabelName: 'a name', ColonAfterName: "':' after the name",
  SysName: 'a name', SysClassName: "a class name after '@'", UaName: 'a name', AliasOpen: "'['", AliasText: 'a non-empty alias', AliasClose: "']'",
  HttpVersionPrefix: "a version ('0', '1' or '*') and ':'", HeaderName: 'a header name', ValueOpen: "'['", ValueText: 'a non-empty value',
  ValueClose: "']'", HorderEnd: "',' or ':'", AbsentEnd: "',' or ':'", MtuDigits: 'a decimal MTU',
};

function describeError(e: IRecognitionException, key: Exclude<ValueKey, 'tcp_sig'>, v: string): { code: LoaderErrorCode; from: number; to: number; message: string } {
  const rule = e.context.ruleStack.length > 0 ? e.context.ruleStack[e.context.ruleStack.length - 1] : TOP_RULE[key];
  const code = e.name === 'NotAllInputParsedException' ? ERROR_BY_RULE[TOP_RULE[key]] : ERROR_BY_RULE[rule] ?? ERROR_BY_RULE[TOP_RULE[key]];
  const at = Number.isFinite(e.token.startOffset) ? e.token.startOffset : v.length;
  const expected = /Expecting token of type --> (\w+) <--/.exec(e.message);
  const want = expected === null ? undefined : EXPECTED[expected[1]];
  const found = showChar(v, at);
  const message = want !== undefined ? `${WHAT[code]}: expected ${want}, found ${found}` : `${WHAT[code]}: unexpected ${found}`;
  return { code, from: at, to: at + 1, message };
}

export const MAX_HTTP_HEADERS = 32;

/**
 * The loader error for an HTTP signature, in p0f's order: the ':' after the version, the
 * version character, the 33rd entry of a list, then the first syntax error.
 */
function httpSigError(tokens: readonly IToken[], e: IRecognitionException | undefined, v: string): { code: LoaderErrorCode; from: number; to: number; message: string } | null {
  const errAt = e === undefined ? Number.POSITIVE_INFINITY : Number.isFinite(e.token.startOffset) ? e.token.startOffset : v.length;
  const first = tokens[0];
  if (first === undefined || first.tokenType !== HttpVersionPrefix) {
    return { code: 'E024', from: Math.min(1, v.length), to: 2, message: v.length < 2 ? "malformed signature: an HTTP signature needs at least a version and a ':'" : `malformed signature: expected ':' after the HTTP version, found ${showChar(v, 1)}` };
  }
  if (!'01*'.includes(first.image[0])) return { code: 'E051', from: 0, to: 1, message: `bad HTTP version ${showChar(v, 0)}` };
  // p0f counts entries before reading the next one: after the 32nd separator, anything but ':' is one too many.
  let commas = 0;
  let inAbsent = false;
  for (let i = 1; i < tokens.length && tokens[i].startOffset < errAt; i++) {
    const t = tokens[i];
    if (t.tokenType === HorderEnd) {
      inAbsent = true;
      commas = 0;
    } else if (t.tokenType === AbsentEnd) break;
    else if (t.tokenType === Comma && ++commas === MAX_HTTP_HEADERS) {
      const next = tokens[i + 1];
      if (next === undefined || (next.tokenType !== HorderEnd && next.tokenType !== AbsentEnd)) {
        const at = next === undefined ? v.length : next.startOffset;
        return { code: 'E052', from: at, to: at + 1, message: `too many headers listed in ${inAbsent ? 'habsent' : 'horder'} (more than ${MAX_HTTP_HEADERS})` };
      }
    }
  }
  if (e === undefined) return null;
  const rule = e.context.ruleStack[e.context.ruleStack.length - 1] ?? 'httpSig';
  if (rule === 'horder' || rule === 'habsent') {
    // At the start of an entry (after ':' or ','), a missing name is E053; after an entry, a bad separator is E024.
    const prev = [...tokens].reverse().find((t) => t.startOffset < errAt);
    const atEntryStart = prev === undefined || prev.tokenType === Comma || prev.tokenType === HttpVersionPrefix || prev.tokenType === HorderEnd;
    const found = showChar(v, errAt);
    return atEntryStart
      ? { code: 'E053', from: errAt, to: errAt + 1, message: `malformed header name: expected a header name, found ${found}` }
      : { code: 'E024', from: errAt, to: errAt + 1, message: `malformed signature: expected ',' or ':' after the header, found ${found}` };
  }
  if (e.name === 'NotAllInputParsedException') {
    return { code: 'E024', from: errAt, to: errAt + 1, message: "malformed signature: the expected software string cannot contain ':'" };
  }
  if (rule === 'headerValueBody') {
    const empty = e.token.tokenType === ValueClose;
    return { code: 'E024', from: errAt, to: errAt + 1, message: empty ? 'malformed signature: empty header value' : "malformed signature: the header value has no closing ']'" };
  }
  if (rule === 'headerEntry' && e.context.ruleStack.length > 0) {
    return { code: 'E053', from: errAt, to: errAt + 1, message: `malformed header name: expected a header name, found ${showChar(v, errAt)}` };
  }
  if (rule === 'headerValue') return { code: 'E020', from: errAt, to: errAt + 1, message: `missing '[' after '=', found ${showChar(v, errAt)}` };
  return { code: 'E024', from: errAt, to: errAt + 1, message: `malformed signature: unexpected ${showChar(v, errAt)}` };
}

export function parseValue<K extends ValueKey>(key: K, v: string, sp: SpanFactory): ScanResult<ValueKinds[K]> {
  // TCP signatures have their own parser (tcp-sig-parser.ts): the loader's value checks run during the parse.
  if (key === 'tcp_sig') return parseTcpSig(v, sp) as ScanResult<ValueKinds[K]>;
  const tokens = lexValue(key, v);
  parser.input = tokens;
  if (key === 'mtu_sig') {
    parser.mtuSig();
    const e = parser.errors[0];
    if (e !== undefined) {
      const at = Number.isFinite(e.token.startOffset) ? e.token.startOffset : v.length;
      return fail('E022', at, Math.max(v.length, at + 1), v.length === 0 ? 'malformed MTU value: the value is empty' : `malformed MTU value: expected only digits, found ${showChar(v, at)}`);
    }
    const mtu = parseNum(v);
    if (mtu < 1 || mtu > 65535) return fail('E022', 0, v.length, `malformed MTU value: ${mtu} is outside 1..65535`);
    return { ok: true, value: { kind: 'mtu-sig', span: sp(0, v.length), mtu } as ValueKinds[K] };
  }
  if (key === 'http_sig') {
    const cst = parser.httpSig();
    const err = httpSigError(tokens, parser.errors[0], v);
    if (err !== null) return fail(err.code, err.from, err.to, err.message);
    return { ok: true, value: httpSigToAst(cst, v, sp) as ValueKinds[K] };
  }
  let cst: CstNode;
  switch (key) {
    case 'classes': cst = parser.classesValue(); break;
    case 'label': cst = parser.labelValue(); break;
    case 'sys': cst = parser.sysValue(); break;
    default: cst = parser.uaOsValue(); break;
  }
  if (parser.errors.length > 0) {
    const d = describeError(parser.errors[0], key, v);
    const failed = fail(d.code, d.from, d.to, d.message);
    const cls = d.code === 'E016' ? tokens.find((t) => t.tokenType === ClassToken) : undefined;
    if (cls === undefined) return failed;
    return { ok: false, error: { ...failed.error, classToken: { value: cls.image, from: cls.startOffset, to: cls.startOffset + cls.image.length } } };
  }
  switch (key) {
    case 'classes': return { ok: true, value: classesToAst(cst, sp) as ValueKinds[K] };
    case 'label': return { ok: true, value: labelToAst(cst, v, sp) as ValueKinds[K] };
    case 'sys': return { ok: true, value: sysToAst(cst, sp) as ValueKinds[K] };
    default: return { ok: true, value: uaOsToAst(cst, sp) as ValueKinds[K] };
  }
}
