/** empty-label: a label with no `sig` lines under it. */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { LoaderRun } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';

export function checkEmptyLabel(_ast: FpFile, run: LoaderRun): Diagnostic[] {
  return run.labels
    .filter((l) => l.sigLines === 0 && l.node.value.kind !== 'invalid')
    .map((l) => lintDiagnostic('empty-label', l.node.span, 'label has no signatures: nothing can ever be reported with it'));
}
