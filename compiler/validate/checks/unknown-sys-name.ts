/** unknown-sys-name: a `sys` entry naming a system that no tcp/http label defines. */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { LoaderRun } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';

export function checkUnknownSysName(_ast: FpFile, run: LoaderRun): Diagnostic[] {
  const labelled = new Set<number>();
  const lower = new Map<string, string>();
  for (const l of run.labels) {
    if (l.value === null) continue;
    const name = l.value.name.value;
    const id = run.names.findIndex((n) => n.toLowerCase() === name.slice(0, name.length % 256).toLowerCase());
    if (id >= 0) labelled.add(id);
    lower.set(name.replace(/\s+/g, '').toLowerCase(), name);
  }
  return run.sysNames
    .filter((s) => !labelled.has(s.nameId))
    .map((s) => {
      const near = lower.get(s.node.name.replace(/\s+/g, '').toLowerCase());
      return lintDiagnostic('unknown-sys-name', s.node.span, `no label defines the system '${s.node.name}'`, [],
        near !== undefined ? `did you mean '${near}'? (spaces count in sys names, e.g. 'Linux ' is not 'Linux')` : undefined);
    });
}
