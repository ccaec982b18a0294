/**
 * parseFp: p0f.fp text → AST + syntax diagnostics. Never throws.
 *
 * Lines are split exactly as p0f's loader does (NUL ends the file, LF only, CR kept, no
 * trailing trim); each statement is classified, and its value is parsed with the syntax
 * of the section it is in (the statement pass tracks the current section for that).
 * Placement rules (the loader's state machine) are validate's job, not the parser's.
 */
import type { Span } from './span.js';
import type { Diagnostic } from './diagnostic.js';
import type { FpFile, FpItem, ModuleName, Statement } from './ast.js';
import { LOADER_ERRORS, formatP0fMessage, type LoaderErrorCode } from './loader-errors.js';
import { isAlpha, isBlank, scanWhile, type ScanResult, type SpanFactory, type ValueError } from './value-scan.js';
import { parseValue } from './parser.js';

export interface ParseFpResult {
  readonly ast: FpFile;
  readonly diagnostics: Diagnostic[];
}

export const STATEMENT_KEYS = ['classes', 'ua_os', 'label', 'sys', 'sig'] as const;

/** The loader's view of the text: everything before the first NUL. */
export function loaderText(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

export function makeSpan(file: string, line: number, lineStart: number, from: number, to: number): Span {
  return { file, offset: from, length: to - from, line, column: from - lineStart + 1, endLine: line, endColumn: to - lineStart + 1 };
}

interface LineContext {
  readonly file: string;
  readonly line: number;
  readonly lineStart: number;
  readonly lineEnd: number;
}

function loaderDiagnostic(code: LoaderErrorCode, span: Span, message: string, help: string | undefined, arg?: string): Diagnostic {
  return {
    code,
    severity: 'error',
    span,
    message,
    labels: [{ span, message: LOADER_ERRORS[code].title, role: 'primary' }],
    help: help ?? LOADER_ERRORS[code].help,
    p0fMessage: formatP0fMessage(code, span.line, arg),
  };
}

export function parseFp(input: string, file: string): ParseFpResult {
  const text = loaderText(input);
  const items: FpItem[] = [];
  const diagnostics: Diagnostic[] = [];
  /** Section as the value syntax sees it; null before the first one or after an unreadable header. */
  let module: ModuleName | null = null;
  let lineNo = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    lineNo++;
    let lineEnd = text.indexOf('\n', lineStart);
    const hasLf = lineEnd >= 0;
    if (!hasLf) lineEnd = text.length;
    if (!hasLf && lineStart === text.length && lineNo > 1) break;
    if (!hasLf && text.length === 0) break;
    const ctx: LineContext = { file, line: lineNo, lineStart, lineEnd };
    const first = scanWhile(text, lineStart, isBlank);
    const lineSpan = makeSpan(file, lineNo, lineStart, lineStart, lineEnd);
    if (first >= lineEnd) {
      items.push({ kind: 'blank', span: lineSpan });
    } else if (text[first] === ';') {
      items.push({ kind: 'comment', span: lineSpan, text: text.slice(first + 1, lineEnd) });
    } else {
      const st = parseStatement(text, first, ctx, module, diagnostics);
      if (st.kind === 'section') module = st.module.value;
      else if (st.kind === 'unknown' && st.opensSection === true) module = null;
      items.push(st);
    }
    if (!hasLf) break;
    lineStart = lineEnd + 1;
  }
  return { ast: { kind: 'file', file, text, items }, diagnostics };
}

function parseStatement(text: string, start: number, ctx: LineContext, module: ModuleName | null, out: Diagnostic[]): Statement {
  const { file, line, lineStart, lineEnd } = ctx;
  const span = (from: number, to: number): Span => makeSpan(file, line, lineStart, Math.min(from, lineEnd), Math.min(to, lineEnd));
  const stSpan = span(start, lineEnd);
  const s = text.slice(start, lineEnd);
  if (s[0] === '[') return parseSection(s, start, span, stSpan, out);

  const keyEnd = scanWhile(s, 0, (c) => isAlpha(c) || c === 95);
  const eq = scanWhile(s, keyEnd, isBlank);
  if (keyEnd === 0 || s[eq] !== '=') {
    const at = keyEnd === 0 ? 0 : eq;
    const found = at >= s.length ? 'end of line' : JSON.stringify(s[at]);
    out.push(loaderDiagnostic('E009', span(start + at, start + at + 1),
      keyEnd === 0 ? `unexpected statement: expected a key such as 'label' or 'sig', found ${found}` : `unexpected statement: expected '=' after '${s.slice(0, keyEnd)}', found ${found}`,
      undefined));
    return { kind: 'unknown', span: stSpan, key: null };
  }
  const key = s.slice(0, keyEnd);
  const valueStart = scanWhile(s, eq + 1, isBlank);
  const v = s.slice(valueStart);
  const vOff = start + valueStart;
  const sp: SpanFactory = (from, to) => span(vOff + from, vOff + to);
  const report = (e: ValueError): void => {
    out.push(loaderDiagnostic(e.code, sp(e.from, e.to), e.message, e.help, e.arg));
  };
  function take<T>(r: ScanResult<T>): T | { kind: 'invalid'; span: Span } {
    if (r.ok) return r.value;
    report(r.error);
    return { kind: 'invalid', span: sp(0, v.length) };
  }
  switch (key) {
    case 'classes':
      return { kind: 'classes', span: stSpan, classes: take(parseValue('classes', v, sp)) };
    case 'sys':
      return { kind: 'sys', span: stSpan, entries: take(parseValue('sys', v, sp)) };
    case 'ua_os':
      return { kind: 'ua_os', span: stSpan, entries: take(parseValue('ua_os', v, sp)) };
    case 'label':
      if (module === 'mtu') {
        if (v.length === 0) {
          report({ code: 'E017', from: 0, to: 0, message: 'empty MTU label: an [mtu] label needs a link-type name' });
          return { kind: 'label', span: stSpan, value: { kind: 'invalid', span: sp(0, 0) } };
        }
        return { kind: 'label', span: stSpan, value: { kind: 'mtu-label', span: sp(0, v.length), text: v } };
      }
      {
        const r = parseValue('label', v, sp);
        if (r.ok) return { kind: 'label', span: stSpan, value: r.value };
        report(r.error);
        const c = r.error.classToken;
        return {
          kind: 'label', span: stSpan, value: { kind: 'invalid', span: sp(0, v.length) },
          ...(c === undefined ? {} : { recoveredClass: { value: c.value, span: sp(c.from, c.to) } }),
        };
      }
    case 'sig':
      if (module === null) return { kind: 'sig', span: stSpan, value: { kind: 'invalid', span: sp(0, v.length) } };
      if (module === 'mtu') return { kind: 'sig', span: stSpan, value: take(parseValue('mtu_sig', v, sp)) };
      if (module === 'tcp') return { kind: 'sig', span: stSpan, value: take(parseValue('tcp_sig', v, sp)) };
      return { kind: 'sig', span: stSpan, value: take(parseValue('http_sig', v, sp)) };
    default: {
      out.push(loaderDiagnostic('E015', span(start, start + keyEnd), `unrecognized field '${key}'`,
        closestKey(key), key));
      return { kind: 'unknown', span: stSpan, key };
    }
  }
}

function closestKey(key: string): string {
  const lower = key.toLowerCase().replace(/_+$/, '');
  const hit = STATEMENT_KEYS.find((k) => k === lower || k.replace('_', '') === lower.replace('_', ''));
  return hit !== undefined ? `did you mean '${hit}'? keys are case-sensitive` : LOADER_ERRORS.E015.help;
}

function parseSection(s: string, start: number, span: (from: number, to: number) => Span, stSpan: Span, out: Diagnostic[]): Statement {
  const body = s.slice(1);
  if (body === 'mtu]') {
    return { kind: 'section', span: stSpan, module: { value: 'mtu', span: span(start + 1, start + 4) }, direction: null };
  }
  const colon = body.indexOf(':');
  const guess = guessSection(body);
  const recovered = (): Statement => guess === null
    ? { kind: 'unknown', span: stSpan, key: null, opensSection: true }
    : { kind: 'section', span: stSpan, module: { value: guess.module, span: span(start + 1, start + 1 + (colon < 0 ? body.length : colon)) }, direction: guess.direction === null ? null : { value: guess.direction, span: span(start + colon + 2, start + s.length) } };
  if (colon < 0) {
    out.push(loaderDiagnostic('E006', stSpan, `malformed section identifier: expected '[module:direction]' or '[mtu]'`, undefined));
    return recovered();
  }
  const mod = body.slice(0, colon);
  if (mod !== 'tcp' && mod !== 'http') {
    out.push(loaderDiagnostic('E007', span(start + 1, start + 1 + colon), `unrecognized fingerprinting module ${JSON.stringify(mod)}`, undefined, mod));
    return recovered();
  }
  const dir = body.slice(colon + 1);
  if (dir !== 'request]' && dir !== 'response]') {
    out.push(loaderDiagnostic('E008', span(start + 2 + colon, start + s.length), `unrecognized traffic direction ${JSON.stringify(dir)}`, undefined));
    return recovered();
  }
  return {
    kind: 'section', span: stSpan,
    module: { value: mod, span: span(start + 1, start + 1 + colon) },
    direction: { value: dir === 'request]' ? 'request' : 'response', span: span(start + 2 + colon, start + s.length - 1) },
  };
}

/** What an author most likely meant by a malformed header, so later lines parse in the right syntax. */
function guessSection(body: string): { module: ModuleName; direction: 'request' | 'response' | null } | null {
  const lower = body.toLowerCase().trim();
  if (/^mtu\s*\]?\s*$/.test(lower) || lower.startsWith('mtu]')) return { module: 'mtu', direction: null };
  const m = /^\s*(tcp|http)\s*:\s*(req|resp)/.exec(lower);
  if (m === null) return null;
  return { module: m[1] as 'tcp' | 'http', direction: m[2] === 'req' ? 'request' : 'response' };
}
