/** Runs every lint check and applies `; p0f-ts-allow:` suppressions. */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { FpFile } from '../../grammar/ast.js';
import type { LoaderRun } from './loader-run.js';
import { checkUnreachableSignature } from './checks/unreachable-signature.js';
import { checkDuplicateSignature } from './checks/duplicate-signature.js';
import { checkOsNameSpelling } from './checks/os-name-spelling.js';
import { checkEmptyLabel } from './checks/empty-label.js';
import { checkUnusedClass } from './checks/unused-class.js';
import { checkUnknownSysName } from './checks/unknown-sys-name.js';
import { checkFragileName } from './checks/fragile-name.js';
import { applySuppressions } from '../diagnostics/suppressions.js';

export type Check = (ast: FpFile, run: LoaderRun) => Diagnostic[];

export const CHECKS: readonly Check[] = [
  checkUnreachableSignature,
  checkDuplicateSignature,
  checkOsNameSpelling,
  checkEmptyLabel,
  checkUnusedClass,
  checkUnknownSysName,
  checkFragileName,
];

export function runChecks(ast: FpFile, run: LoaderRun): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of CHECKS) out.push(...check(ast, run));
  return applySuppressions(ast, out);
}
