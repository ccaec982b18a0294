/** Runs every lint check and applies `; p0f-ts-allow:` suppressions. */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { FpFile } from '../../grammar/ast.js';
import type { LoaderRun } from './loader-run.js';

export type Check = (ast: FpFile, run: LoaderRun) => Diagnostic[];

export const CHECKS: readonly Check[] = [];

export function runChecks(ast: FpFile, run: LoaderRun): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of CHECKS) out.push(...check(ast, run));
  return out;
}
