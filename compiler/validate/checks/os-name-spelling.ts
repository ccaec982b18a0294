/** os-name-spelling: two names that differ only in spaces or case ("MacOS X" vs "Mac OS X"). */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { LoaderRun } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';

function squash(name: string): string {
  return name.replace(/[\s]+/g, '').toLowerCase();
}

export function checkOsNameSpelling(_ast: FpFile, run: LoaderRun): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, number>();
  run.names.forEach((name, id) => {
    const key = squash(name);
    const prev = first.get(key);
    if (prev === undefined) {
      first.set(key, id);
      return;
    }
    const origin = run.nameOrigins[id];
    out.push(lintDiagnostic('os-name-spelling', origin.span,
      `'${name}' and '${run.names[prev]}' differ only in spaces or case, but p0f treats them as two different systems`,
      [{ span: run.nameOrigins[prev].span, message: `'${run.names[prev]}' first spelled here`, role: 'note' }],
      `spell it '${run.names[prev]}' everywhere (or the other way round)`));
  });
  return out;
}
