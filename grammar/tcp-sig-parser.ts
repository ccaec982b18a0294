/**
 * The Chevrotain parser for TCP signature values, `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`.
 * Each field is a rule that returns its AST node and runs the loader's check for it
 * (tcp-sig-checks.ts) at the point p0f makes it: the first failed check is the error
 * unless a syntax error came first. Recovery is off, because p0f stops at the first
 * problem. Embedded actions rather than a CST: building the AST as the rules go costs
 * less on a database's cold first parse than building a CST and walking it.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import type { PayloadClass, Quirk, SignatureIpVersion, WindowSize } from '../runtime/fingerprint/tcp-types.js';
import type { Spanned } from './span.js';
import type { TcpOptionNode, TcpSigValue, TtlForm } from './ast.js';
import { parseNum, type ScanResult, type SpanFactory, type ValueError } from './value-scan.js';
import { lexValue } from './lexer.js';
import {
  DistanceColon, DistanceDigits, EolPlus, IpVersion, LayoutComma, LayoutDigits, LayoutEnd, MssAny, MssColon, MssDigits,
  OlenColon, OlenDigits, OptionUnknown, OptionWord, PayloadClassChar, QuirkComma, QuirkWord, QuirksEnd, ScaleAny, ScaleColon,
  ScaleDigits, TCP_SIG_TOKENS, TtlBad, TtlColon, TtlDigits, TtlMinus, TtlPlus, VersionColon, WindowAny, WindowComma,
  WindowDigits, WindowMod, WindowMultiple,
} from './tcp-sig-tokens.js';
import { digitField, distanceError, optionCountError, outOfRange, quirkVersionError, ttlError, type DigitField } from './tcp-sig-checks.js';
import { tcpSigSyntaxError } from './tcp-sig-errors.js';

const IP_VERSION: Readonly<Record<string, SignatureIpVersion>> = { '4': 4, '6': 6, '*': 'any' };
const OPTION_KINDS: Readonly<Record<string, number>> = { nop: 1, mss: 2, ws: 3, sok: 4, sack: 5, ts: 8 };
const PAYLOAD_CLASS: Readonly<Record<string, PayloadClass>> = { '*': -1, '0': 0, '+': 1 };

interface Layout {
  readonly options: TcpOptionNode[];
  eolPad: number;
}

class TcpSigParser extends EmbeddedActionsParser {
  /** Per parse: the value, its span factory, and the first loader check that failed. */
  text = '';
  sp: SpanFactory = () => { throw new Error('TcpSigParser used before parseTcpSig set it up'); };
  checkFailure: ValueError | null = null;

  constructor() {
    super([...TCP_SIG_TOKENS], { recoveryEnabled: false, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  /** Keeps the first failure: p0f aborts on it. Call only inside ACTION. */
  private fail(e: ValueError | null): void {
    if (this.checkFailure === null) this.checkFailure = e;
  }

  private spanned<T>(value: T, from: number, to: number): Spanned<T> {
    return { value, span: this.sp(from, to) };
  }

  /** The token a separator check of the loader looks at next. */
  private nextIs(...types: readonly TokenType[]): boolean {
    return types.includes(this.LA(1).tokenType);
  }

  public tcpSig = this.RULE('tcpSig', (): TcpSigValue => {
    const ver = this.CONSUME(IpVersion);
    this.CONSUME(VersionColon);
    const ttl = this.SUBRULE(this.ttl);
    const olen = this.SUBRULE(this.olen);
    const mss = this.SUBRULE(this.mss);
    const window = this.SUBRULE(this.window);
    const scale = this.SUBRULE(this.scale);
    const layout = this.SUBRULE(this.olayout);
    const quirks = this.SUBRULE(this.quirks);
    const pclass = this.SUBRULE(this.pclass);
    return this.ACTION(() => ({
      kind: 'tcp-sig',
      span: this.sp(0, this.text.length),
      ipVersion: this.spanned(IP_VERSION[ver.image], 0, 1),
      ttl,
      ipOptionLength: olen,
      mss,
      window,
      windowScale: scale,
      options: layout.options,
      eolPad: layout.eolPad,
      quirks,
      payloadClass: pclass,
    }));
  });

  /** `N` ended by ':', '-', `-:` plus one skipped character, or '+' and a distance. The TTL starts at offset 2. */
  public ttl = this.RULE('ttl', (): Spanned<TtlForm> => {
    const n = this.OPTION(() => this.CONSUME(TtlDigits));
    const ended = (end: IToken): DigitField => this.ACTION(() => {
      const f = digitField(n, end);
      this.fail(ttlError(f, end));
      return f;
    });
    return this.OR([
      { ALT: () => { const f = ended(this.CONSUME(TtlColon)); return this.ACTION(() => this.spanned<TtlForm>({ kind: 'plain', ttl: f.value }, 2, f.to)); } },
      { ALT: () => { const f = ended(this.CONSUME(TtlBad)); return this.ACTION(() => this.spanned<TtlForm>({ kind: 'bad', ttl: f.value }, 2, f.to + 1)); } },
      { ALT: () => { const f = ended(this.CONSUME(TtlMinus)); return this.ACTION(() => this.spanned<TtlForm>({ kind: 'plain', ttl: f.value }, 2, f.to)); } },
      {
        ALT: () => {
          const f = ended(this.CONSUME(TtlPlus));
          const d = this.SUBRULE(this.ttlDistance);
          return this.ACTION(() => this.spanned<TtlForm>({ kind: 'distance', base: f.value, distance: d.value }, 2, d.to));
        },
      },
    ]);
  });

  public ttlDistance = this.RULE('ttlDistance', (): DigitField => {
    const d = this.OPTION(() => this.CONSUME(DistanceDigits));
    const end = this.CONSUME(DistanceColon);
    return this.ACTION(() => {
      const f = digitField(d, end);
      this.fail(distanceError(this.text, f));
      return f;
    });
  });

  public olen = this.RULE('olen', (): Spanned<number> => {
    const d = this.OPTION(() => this.CONSUME(OlenDigits));
    const end = this.CONSUME(OlenColon);
    return this.ACTION(() => {
      const f = digitField(d, end);
      this.fail(outOfRange('E027', 'IP option length', f.value, 0, 255, f.from, f.to));
      return this.spanned(f.value, f.from, f.to);
    });
  });

  /** `*` (-1) or a number; the MSS and the window scale are read alike. */
  private anyOrNumber(any: TokenType, digits: TokenType, colon: TokenType, code: 'E028' | 'E032', what: string, max: number): Spanned<number> {
    return this.OR([
      { ALT: () => { const star = this.CONSUME(any); return this.ACTION(() => this.spanned(-1, star.startOffset, star.startOffset + 1)); } },
      {
        ALT: () => {
          const d = this.OPTION(() => this.CONSUME(digits));
          const end = this.CONSUME(colon);
          return this.ACTION(() => {
            const f = digitField(d, end);
            this.fail(outOfRange(code, what, f.value, 0, max, f.from, f.to));
            return this.spanned(f.value, f.from, f.to);
          });
        },
      },
    ]);
  }

  public mss = this.RULE('mss', (): Spanned<number> => this.anyOrNumber(MssAny, MssDigits, MssColon, 'E028', 'MSS', 65535));

  public window = this.RULE('window', (): Spanned<WindowSize> => this.OR([
    { ALT: () => { const star = this.CONSUME(WindowAny); return this.ACTION(() => this.spanned<WindowSize>({ kind: 'any' }, star.startOffset, star.startOffset + 1)); } },
    { ALT: () => this.SUBRULE(this.windowMod) },
    { ALT: () => this.SUBRULE(this.windowMultiple) },
    { ALT: () => this.SUBRULE(this.windowValue) },
  ]));

  public windowMod = this.RULE('windowMod', (): Spanned<WindowSize> => {
    const mod = this.CONSUME(WindowMod);
    const d = this.OPTION(() => this.CONSUME(WindowDigits));
    const end = this.CONSUME(WindowComma);
    return this.ACTION(() => {
      const f = digitField(d, end);
      this.fail(outOfRange('E029', "'%' value", f.value, 2, 65535, mod.startOffset, f.to));
      return this.spanned<WindowSize>({ kind: 'mod', divisor: f.value }, mod.startOffset, f.to);
    });
  });

  public windowMultiple = this.RULE('windowMultiple', (): Spanned<WindowSize> => {
    const word = this.CONSUME(WindowMultiple);
    const d = this.OPTION(() => this.CONSUME(WindowDigits));
    const end = this.CONSUME(WindowComma);
    return this.ACTION(() => {
      const f = digitField(d, end);
      const kind = word.image[1] === 's' ? 'mss' : 'mtu';
      this.fail(outOfRange('E030', `${kind.toUpperCase()} multiplier`, f.value, 1, 1000, word.startOffset, f.to));
      return this.spanned<WindowSize>({ kind, multiplier: f.value }, word.startOffset, f.to);
    });
  });

  public windowValue = this.RULE('windowValue', (): Spanned<WindowSize> => {
    const d = this.OPTION(() => this.CONSUME(WindowDigits));
    const end = this.CONSUME(WindowComma);
    return this.ACTION(() => {
      const f = digitField(d, end);
      this.fail(outOfRange('E031', 'window size', f.value, 0, 65535, f.from, f.to));
      return this.spanned<WindowSize>({ kind: 'value', value: f.value }, f.from, f.to);
    });
  });

  public scale = this.RULE('scale', (): Spanned<number> => this.anyOrNumber(ScaleAny, ScaleDigits, ScaleColon, 'E032', 'window scale', 255));

  /**
   * `[ eol | option { "," option } [ "," [ eol ] ] ] ":"`: a trailing ',' is tolerated, and
   * `eol+N` can only come last. Options are read inline (DSL index `idx`), not as a rule:
   * there are several per signature and a rule call costs more than the option itself.
   */
  public olayout = this.RULE('olayout', (): Layout => {
    const layout: Layout = { options: [], eolPad: 0 };
    const option = (idx: number): void => {
      const o = this.or(idx, [
        { ALT: () => { const w = this.consume(idx, OptionWord); return this.ACTION(() => this.optionNode(w, w, OPTION_KINDS[w.image])); } },
        { ALT: () => this.unknownOption(this.consume(idx + 2, OptionUnknown), this.option(idx + 5, () => this.consume(idx + 4, LayoutDigits))) },
      ]);
      this.ACTION(() => layout.options.push(o));
    };
    // p0f counts the options before reading another: a 25th fails wherever it starts.
    const counted = (): void => this.ACTION(() => {
      if (!this.nextIs(LayoutEnd)) this.fail(optionCountError(layout.options.length, this.LA(1), this.text));
    });
    const eol = (o: { option: TcpOptionNode; pad: number }): void => this.ACTION(() => {
      layout.options.push(o.option);
      layout.eolPad = o.pad;
    });
    this.OPTION(() => {
      this.OR([
        { ALT: () => eol(this.SUBRULE(this.eolOption)) },
        {
          ALT: () => {
            option(1);
            this.MANY(() => {
              this.CONSUME(LayoutComma);
              counted();
              option(2);
            });
            this.OPTION2(() => {
              this.CONSUME2(LayoutComma);
              counted();
              this.OPTION3(() => eol(this.SUBRULE2(this.eolOption)));
            });
          },
        },
      ]);
    });
    this.CONSUME(LayoutEnd);
    return layout;
  });

  /** An option as written, from its first token to the end of its last. */
  private optionNode(first: IToken, last: IToken, kind: number): TcpOptionNode {
    const end = last.startOffset + last.image.length;
    return { span: this.sp(first.startOffset, end), kind, text: this.text.slice(first.startOffset, end) };
  }

  /** `?N`; p0f checks the separator that must follow before the kind's range. */
  private unknownOption(q: IToken, d: IToken | undefined): TcpOptionNode {
    return this.ACTION(() => {
      const kind = parseNum(d?.image ?? '');
      if (this.nextIs(LayoutComma, LayoutEnd)) this.fail(outOfRange('E039', "'?' option kind", kind, 0, 255, q.startOffset, this.LA(1).startOffset));
      return this.optionNode(q, d ?? q, kind);
    });
  }

  public eolOption = this.RULE('eolOption', (): { option: TcpOptionNode; pad: number } => {
    const eol = this.CONSUME(EolPlus);
    const d = this.OPTION(() => this.CONSUME(LayoutDigits));
    return this.ACTION(() => {
      const pad = parseNum(d?.image ?? '');
      // p0f checks for the ':' that must follow before the padding's range.
      if (this.nextIs(LayoutEnd)) this.fail(outOfRange('E037', 'EOL padding', pad, 0, 255, eol.startOffset + 4, this.LA(1).startOffset));
      return { option: this.optionNode(eol, d ?? eol, 0), pad };
    });
  });

  /** `[ quirk { "," quirk } [ "," ] ] ":"`. */
  public quirks = this.RULE('quirks', (): Spanned<Quirk>[] => {
    const quirks: Spanned<Quirk>[] = [];
    const add = (q: IToken): void => this.ACTION(() => {
      this.fail(quirkVersionError(this.text[0], q));
      quirks.push(this.spanned(q.image as Quirk, q.startOffset, q.startOffset + q.image.length));
    });
    this.OPTION(() => {
      add(this.CONSUME(QuirkWord));
      this.MANY(() => {
        this.CONSUME(QuirkComma);
        add(this.CONSUME2(QuirkWord));
      });
      this.OPTION2(() => this.CONSUME2(QuirkComma));
    });
    this.CONSUME(QuirksEnd);
    return quirks;
  });

  public pclass = this.RULE('pclass', (): Spanned<PayloadClass> => {
    const c = this.CONSUME(PayloadClassChar);
    return this.ACTION(() => this.spanned(PAYLOAD_CLASS[c.image], c.startOffset, this.text.length));
  });
}

const parser = new TcpSigParser();

export function parseTcpSig(v: string, sp: SpanFactory): ScanResult<TcpSigValue> {
  const tokens = lexValue('tcp_sig', v);
  parser.text = v;
  parser.sp = sp;
  parser.checkFailure = null;
  parser.input = tokens;
  const value = parser.tcpSig();
  if (parser.checkFailure !== null) return { ok: false, error: parser.checkFailure };
  const e = parser.errors[0];
  if (e !== undefined) return { ok: false, error: tcpSigSyntaxError(e, tokens, v) };
  return { ok: true, value };
}
