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
  ALL_TOKENS, AliasClose, AliasOpen, AliasText, At, Blanks, ClassName, ClassToken, ColonAfterClass, ColonAfterName,
  ColonAfterType, Comma, Equals, Flavor, LabelName, LabelType, SysClassName, SysName, UaName,
} from './tokens.js';
import { lexValue, type ValueKey } from './lexer.js';
import { classesToAst, labelToAst, sysToAst, uaOsToAst } from './cst-to-ast.js';
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
}

const parser = new FpValueParser();

export interface ValueKinds {
  classes: Spanned<string>[];
  label: SignatureLabelValue;
  sys: SysEntryNode[];
  ua_os: UaOsEntryNode[];
}

/** Which loader error a failure inside a rule is. */
const ERROR_BY_RULE: Record<string, LoaderErrorCode> = {
  classesValue: 'E004', sysValue: 'E018', sysEntry: 'E018', uaOsValue: 'E019', uaOsEntry: 'E019',
  uaOsAlias: 'E020', uaOsAliasBody: 'E021', labelValue: 'E004', labelName: 'E016',
};

const TOP_RULE: Record<ValueKey, string> = { classes: 'classesValue', label: 'labelValue', sys: 'sysValue', ua_os: 'uaOsValue' };

const WHAT: Record<LoaderErrorCode, string> = {
  E004: 'malformed class entry', E016: 'malformed name', E018: 'malformed sys entry', E019: 'malformed system name',
  E020: "missing '[' after '='", E021: 'malformed ua_os alias',
} as Record<LoaderErrorCode, string>;

const EXPECTED: Partial<Record<string, string>> = {
  ClassName: 'a class name (letters and digits)', Comma: "','", LabelType: "'s' or 'g'", ColonAfterType: "':'",
  ClassToken: "a class name or '!'", ColonAfterClass: "':' after the class", LabelName: 'a name', ColonAfterName: "':' after the name",
  SysName: 'a name', SysClassName: "a class name after '@'", UaName: 'a name', AliasOpen: "'['", AliasText: 'a non-empty alias', AliasClose: "']'",
};

function describeError(e: IRecognitionException, key: ValueKey, v: string): { code: LoaderErrorCode; from: number; to: number; message: string } {
  const rule = e.context.ruleStack.length > 0 ? e.context.ruleStack[e.context.ruleStack.length - 1] : TOP_RULE[key];
  const code = e.name === 'NotAllInputParsedException' ? ERROR_BY_RULE[TOP_RULE[key]] : ERROR_BY_RULE[rule] ?? ERROR_BY_RULE[TOP_RULE[key]];
  const at = Number.isFinite(e.token.startOffset) ? e.token.startOffset : v.length;
  const expected = /Expecting token of type --> (\w+) <--/.exec(e.message);
  const want = expected === null ? undefined : EXPECTED[expected[1]];
  const found = showChar(v, at);
  const message = want !== undefined ? `${WHAT[code]}: expected ${want}, found ${found}` : `${WHAT[code]}: unexpected ${found}`;
  return { code, from: at, to: at + 1, message };
}

export function parseValue<K extends ValueKey>(key: K, v: string, sp: SpanFactory): ScanResult<ValueKinds[K]> {
  parser.input = lexValue(key, v);
  let cst: CstNode;
  switch (key) {
    case 'classes': cst = parser.classesValue(); break;
    case 'label': cst = parser.labelValue(); break;
    case 'sys': cst = parser.sysValue(); break;
    default: cst = parser.uaOsValue(); break;
  }
  if (parser.errors.length > 0) {
    const d = describeError(parser.errors[0], key, v);
    return fail(d.code, d.from, d.to, d.message);
  }
  switch (key) {
    case 'classes': return { ok: true, value: classesToAst(cst, sp) as ValueKinds[K] };
    case 'label': return { ok: true, value: labelToAst(cst, v, sp) as ValueKinds[K] };
    case 'sys': return { ok: true, value: sysToAst(cst, sp) as ValueKinds[K] };
    default: return { ok: true, value: uaOsToAst(cst, sp) as ValueKinds[K] };
  }
}
