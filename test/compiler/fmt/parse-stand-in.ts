/**
 * Minimal stand-in for grammar/parse-fp.ts while it is being written: classifies each
 * line the way p0f does (spec A.1/A.2) and builds the AST items formatFp reads.
 * Values are not parsed; formatFp takes them from the text.
 */
import type { FpFile, FpItem } from '../../../grammar/ast.js';
import type { Span } from '../../../grammar/span.js';

const KINDS: Record<string, FpItem['kind']> = { classes: 'classes', label: 'label', sys: 'sys', sig: 'sig', ua_os: 'ua_os' };

export function parseStandIn(text: string, file = 'test.fp'): FpFile {
  const items: FpItem[] = [];
  let offset = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const span: Span = { file, offset, length: line.length, line: index + 1, column: 1, endLine: index + 1, endColumn: line.length + 1 };
    offset += line.length + 1;
    const body = line.replace(/^[ \t]+/, '');
    if (body === '') items.push({ kind: 'blank', span });
    else if (body.startsWith(';')) items.push({ kind: 'comment', span, text: body.slice(1) });
    else if (body.startsWith('[')) items.push({ kind: 'section', span, module: { value: 'tcp', span }, direction: null });
    else {
      const key = /^[A-Za-z_]+/.exec(body)?.[0] ?? '';
      const kind = KINDS[key];
      const invalid = { kind: 'invalid', span } as const;
      if (kind === 'classes') items.push({ kind, span, classes: invalid });
      else if (kind === 'label') items.push({ kind, span, value: invalid });
      else if (kind === 'sys') items.push({ kind, span, entries: invalid });
      else if (kind === 'ua_os') items.push({ kind, span, entries: invalid });
      else if (kind === 'sig') items.push({ kind, span, value: invalid });
      else items.push({ kind: 'unknown', span, key });
    }
  });
  return { kind: 'file', file, text, items };
}
