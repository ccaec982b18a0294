/**
 * fragile-name: names, flavors and link labels that tools parsing p0f's output mangle:
 * `|` and `=` (log-line field separators), leading/trailing blanks, CR, control
 * characters and non-ASCII bytes.
 */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { Spanned } from '../../../grammar/span.js';
import type { LoaderRun } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';

export function fragileReason(text: string): string | null {
  if (text.includes('|')) return "contains '|', the log-line field separator";
  if (text.includes('=')) return "contains '=', the log-line key/value separator";
  if (text.includes('\r')) return 'contains a carriage return (CRLF line ending?)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'contains a control character';
  if (/[^\u0000-\u007f]/.test(text)) return 'contains non-ASCII characters';
  if (/^[ \t]|[ \t]$/.test(text)) return 'has leading or trailing blanks';
  return null;
}

export function checkFragileName(ast: FpFile, run: LoaderRun): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (what: string, s: Spanned<string>): void => {
    const why = fragileReason(s.value);
    if (why !== null) out.push(lintDiagnostic('fragile-name', s.span, `${what} ${JSON.stringify(s.value)} ${why}`));
  };
  for (const item of ast.items) {
    if (item.kind === 'label') {
      const v = item.value;
      if (v.kind === 'signature-label') {
        check('name', v.name);
        if (v.flavor !== null) check('flavor', v.flavor);
      } else if (v.kind === 'mtu-label') {
        check('link label', { value: v.text, span: v.span });
      }
    } else if (item.kind === 'ua_os' && Array.isArray(item.entries)) {
      for (const e of item.entries) check('ua_os name', e.name);
    }
  }
  for (const s of run.sysNames) check('sys name', { value: s.node.name, span: s.node.span });
  return out;
}
