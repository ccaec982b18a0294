/**
 * `; p0f-ts-allow: CODE[, CODE]` comments silence lint warnings on their own line or on
 * the line below. Loader errors cannot be silenced: p0f itself would still refuse the file.
 */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { FpFile } from '../../grammar/ast.js';

const ALLOW = /^\s*p0f-ts-allow\s*:\s*(.*)$/;

/** line number → codes allowed on that line. */
export function collectSuppressions(ast: FpFile): Map<number, Set<string>> {
  const allowed = new Map<number, Set<string>>();
  for (const item of ast.items) {
    if (item.kind !== 'comment') continue;
    const m = ALLOW.exec(item.text);
    if (m === null) continue;
    const codes = m[1].split(',').map((c) => c.trim()).filter((c) => c.length > 0);
    for (const line of [item.span.line, item.span.line + 1]) {
      let set = allowed.get(line);
      if (set === undefined) allowed.set(line, (set = new Set()));
      for (const c of codes) set.add(c);
    }
  }
  return allowed;
}

export function applySuppressions(ast: FpFile, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const allowed = collectSuppressions(ast);
  if (allowed.size === 0) return [...diagnostics];
  return diagnostics.filter((d) => d.severity === 'error' || !(allowed.get(d.span.line)?.has(d.code) ?? false));
}
