/**
 * The p0f.fp abstract syntax tree. Every node carries the span it was read from.
 * The tree keeps comments and blank lines (in `items`) so fmt can reproduce them.
 * Values that could not be parsed are `invalid` nodes; their diagnostics were
 * reported by the parser, so later passes skip them instead of re-checking. (A `sig`
 * before any section, or after an unreadable section header, is also `invalid` without a
 * diagnostic of its own: its syntax is unknown, and validate reports it as misplaced.)
 */
import type { Span, Spanned } from './span.js';
import type { PayloadClass, Quirk, SignatureIpVersion, WindowSize } from '../runtime/fingerprint/tcp-types.js';
import type { HttpVersionSpec } from '../runtime/fingerprint/http-types.js';

export interface FpFile {
  readonly kind: 'file';
  readonly file: string;
  /** The text as read (after the loader's NUL cut-off). */
  readonly text: string;
  readonly items: readonly FpItem[];
}

export type FpItem = CommentLine | BlankLine | Statement;

export interface CommentLine {
  readonly kind: 'comment';
  readonly span: Span;
  /** Text after the `;`. */
  readonly text: string;
}

export interface BlankLine {
  readonly kind: 'blank';
  readonly span: Span;
}

export type Statement =
  | SectionHeader
  | ClassesStatement
  | LabelStatement
  | SysStatement
  | UaOsStatement
  | SigStatement
  | UnknownStatement;

export type ModuleName = 'tcp' | 'http' | 'mtu';

export interface SectionHeader {
  readonly kind: 'section';
  readonly span: Span;
  readonly module: Spanned<ModuleName>;
  /** null for `[mtu]`. */
  readonly direction: Spanned<'request' | 'response'> | null;
}

export interface ClassesStatement {
  readonly kind: 'classes';
  readonly span: Span;
  readonly classes: readonly Spanned<string>[] | InvalidValue;
}

/** A `label` line; its value form depends on the section it is in. */
export interface LabelStatement {
  readonly kind: 'label';
  readonly span: Span;
  readonly value: SignatureLabelValue | MtuLabelValue | InvalidValue;
  /**
   * When the value is invalid only from the name on: the class token that was read
   * (p0f looks the class up before it reads the name, so it can still be unknown).
   */
  readonly recoveredClass?: Spanned<string>;
}

export interface SignatureLabelValue {
  readonly kind: 'signature-label';
  readonly span: Span;
  readonly type: Spanned<'s' | 'g'>;
  /** `!` for an application label. */
  readonly classToken: Spanned<string>;
  readonly name: Spanned<string>;
  /** null when empty. */
  readonly flavor: Spanned<string> | null;
}

export interface MtuLabelValue {
  readonly kind: 'mtu-label';
  readonly span: Span;
  readonly text: string;
}

export interface SysStatement {
  readonly kind: 'sys';
  readonly span: Span;
  readonly entries: readonly SysEntryNode[] | InvalidValue;
}

export interface SysEntryNode {
  readonly span: Span;
  /** `@name`: a class reference. */
  readonly isClass: boolean;
  readonly name: string;
}

export interface UaOsStatement {
  readonly kind: 'ua_os';
  readonly span: Span;
  readonly entries: readonly UaOsEntryNode[] | InvalidValue;
}

export interface UaOsEntryNode {
  readonly span: Span;
  readonly name: Spanned<string>;
  readonly alias: Spanned<string> | null;
}

export interface SigStatement {
  readonly kind: 'sig';
  readonly span: Span;
  readonly value: TcpSigValue | MtuSigValue | HttpSigValue | InvalidValue;
}

/** A statement whose key is not one p0f knows, or that is not a statement at all (E9/E15). */
export interface UnknownStatement {
  readonly kind: 'unknown';
  readonly span: Span;
  readonly key: string | null;
  /**
   * A `[` line whose module/direction could not even be guessed: it still ends the
   * previous section, so checkers treat what follows as belonging to an unknown section.
   */
  readonly opensSection?: boolean;
}

export interface InvalidValue {
  readonly kind: 'invalid';
  readonly span: Span;
}

export type TtlForm =
  | { readonly kind: 'plain'; readonly ttl: number }
  /** `N+D`: stored ttl is N+D. */
  | { readonly kind: 'distance'; readonly base: number; readonly distance: number }
  /** `N-`: random TTL tool. */
  | { readonly kind: 'bad'; readonly ttl: number };

export interface TcpOptionNode {
  readonly span: Span;
  /** Option kind number (eol=0 … ts=8, `?N` = N). */
  readonly kind: number;
  /** As written: `mss`, `?2`, `eol+3`. */
  readonly text: string;
}

export interface TcpSigValue {
  readonly kind: 'tcp-sig';
  readonly span: Span;
  readonly ipVersion: Spanned<SignatureIpVersion>;
  readonly ttl: Spanned<TtlForm>;
  readonly ipOptionLength: Spanned<number>;
  /** -1 = `*` */
  readonly mss: Spanned<number>;
  readonly window: Spanned<WindowSize>;
  /** -1 = `*` */
  readonly windowScale: Spanned<number>;
  readonly options: readonly TcpOptionNode[];
  readonly eolPad: number;
  readonly quirks: readonly Spanned<Quirk>[];
  readonly payloadClass: Spanned<PayloadClass>;
}

export interface MtuSigValue {
  readonly kind: 'mtu-sig';
  readonly span: Span;
  readonly mtu: number;
}

export interface HttpHeaderNode {
  readonly span: Span;
  readonly name: string;
  readonly optional: boolean;
  readonly value: string | null;
}

export interface HttpSigValue {
  readonly kind: 'http-sig';
  readonly span: Span;
  readonly version: Spanned<HttpVersionSpec>;
  readonly headers: readonly HttpHeaderNode[];
  readonly absent: readonly Spanned<string>[];
  readonly expectedSoftware: Spanned<string> | null;
}
