/** unused-class: a declared class that no label or `@class` sys entry refers to. */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { LoaderRun } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';

export function checkUnusedClass(_ast: FpFile, run: LoaderRun): Diagnostic[] {
  const usedKeys = new Set(run.classes.filter((c) => c.used).map((c) => c.name.toLowerCase()));
  return run.classes
    .filter((c) => !usedKeys.has(c.name.toLowerCase()))
    .map((c) => lintDiagnostic('unused-class', c.span, `class '${c.name}' is declared but never used`));
}
