/**
 * rustc-style text rendering:
 *
 *   error[E024]: malformed signature: expected ':' after the IP option length, found 'x'
 *     --> p0f.fp:12:14
 *      |
 *   12 | sig   = *:64:0x:*:mss*20,10:mss:df:0
 *      |              ^ malformed signature
 *      |
 *      = help: TCP: ver:ittl:olen:…
 *      = note: p0f says "Malformed signature in line 12."
 *
 * Note labels on other lines get their own snippet. Colour only when asked (a TTY).
 */
import type { Diagnostic, Label } from '../../grammar/diagnostic.js';

/** The source text of each file, to show the offending lines. */
export type SourceLookup = (file: string) => string | undefined;

export interface RenderTextOptions {
  readonly color: boolean;
  /** Without it the snippets show line numbers and markers but no source text. */
  readonly sources?: SourceLookup;
}

const ANSI = { red: '\x1b[1;31m', yellow: '\x1b[1;33m', blue: '\x1b[1;34m', bold: '\x1b[1m', cyan: '\x1b[1;36m', reset: '\x1b[0m' } as const;

function lineText(source: string | undefined, line: number): string | undefined {
  if (source === undefined) return undefined;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = source.indexOf('\n', start);
  return source.slice(start, end < 0 ? source.length : end);
}

/** Control characters would break the caret alignment; show them as one visible character each. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, ' ').replace(/\r/g, '\u240d').replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}

export function renderDiagnosticText(d: Diagnostic, source: string | undefined, opts: { readonly color: boolean }): string {
  const c = (style: keyof typeof ANSI, s: string): string => (opts.color ? `${ANSI[style]}${s}${ANSI.reset}` : s);
  const sevColor = d.severity === 'error' ? 'red' : 'yellow';
  const labels = d.labels.length > 0 ? d.labels : [{ span: d.span, message: '', role: 'primary' as const }];
  const maxLine = Math.max(...labels.map((l) => l.span.line));
  const gutter = ' '.repeat(String(maxLine).length);
  const out: string[] = [];
  out.push(`${c(sevColor, `${d.severity}[${d.code}]`)}${c('bold', `: ${d.message}`)}`);
  out.push(`${gutter}${c('blue', '-->')} ${d.span.file}:${d.span.line}:${d.span.column}`);
  const byLine = new Map<number, Label[]>();
  for (const l of labels) {
    const list = byLine.get(l.span.line) ?? [];
    list.push(l);
    byLine.set(l.span.line, list);
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  out.push(`${gutter} ${c('blue', '|')}`);
  lines.forEach((ln, i) => {
    if (i > 0 && ln !== lines[i - 1] + 1) out.push(c('blue', '...'));
    const text = lineText(source, ln);
    const num = String(ln).padStart(gutter.length);
    out.push(`${c('blue', `${num} |`)}${text === undefined ? '' : ` ${visible(text)}`}`);
    for (const l of byLine.get(ln) ?? []) {
      const width = Math.max(1, l.span.endLine === l.span.line ? l.span.endColumn - l.span.column : (text?.length ?? 0) - l.span.column + 1);
      const mark = (l.role === 'primary' ? '^' : '-').repeat(width);
      const styled = c(l.role === 'primary' ? sevColor : 'blue', `${mark}${l.message === '' ? '' : ` ${l.message}`}`);
      out.push(`${c('blue', `${gutter} |`)} ${' '.repeat(l.span.column - 1)}${styled}`);
    }
  });
  out.push(`${gutter} ${c('blue', '|')}`);
  if (d.help !== undefined) out.push(`${gutter} ${c('blue', '=')} ${c('bold', 'help')}: ${d.help}`);
  if (d.p0fMessage !== undefined) out.push(`${gutter} ${c('blue', '=')} ${c('bold', 'note')}: p0f says "${d.p0fMessage.trimEnd()}"`);
  return `${out.join('\n')}\n`;
}

export function renderText(diagnostics: readonly Diagnostic[], opts: RenderTextOptions = { color: false }): string {
  return diagnostics.map((d) => renderDiagnosticText(d, opts.sources?.(d.span.file), opts)).join('\n');
}
