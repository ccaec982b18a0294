/**
 * The diagnostic catalogue: every code p0f-ts can report, with severity, title, help and
 * documentation URL. Loader-parity errors (`E0xx`, after the spec's catalogue ids, never
 * renumbered) come from grammar/loader-errors.ts; lints have kebab-case ids that authors
 * can name in `; p0f-ts-allow: <id>` comments.
 */
import type { Severity } from '../../grammar/diagnostic.js';
import { LOADER_ERRORS } from '../../grammar/loader-errors.js';

export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
  readonly help: string;
}

export const LINT_CODES = {
  'unreachable-signature': {
    severity: 'warning',
    title: 'signature can never be the reported match',
    help: 'remove the signature, or make it differ from the one that always wins (see the note)',
  },
  'duplicate-signature': {
    severity: 'warning',
    title: 'signature duplicates another one',
    help: 'keep one copy; if both labels are right, merge them or make the signatures differ',
  },
  'os-name-spelling': {
    severity: 'warning',
    title: 'OS or application name spelled two ways',
    help: 'use one spelling everywhere; p0f treats the two spellings as different systems',
  },
  'empty-label': {
    severity: 'warning',
    title: 'label has no signatures',
    help: "add 'sig =' lines under the label or remove it",
  },
  'unused-class': {
    severity: 'warning',
    title: 'class is never used',
    help: "use the class in a label or an '@class' sys entry, or remove it from 'classes'",
  },
  'unknown-sys-name': {
    severity: 'warning',
    title: 'sys names a system no label defines',
    help: 'spell the name exactly as a tcp/http label does (case-insensitive), or use an @class',
  },
  'fragile-name': {
    severity: 'warning',
    title: 'name or flavor that downstream parsers mangle',
    help: "avoid '|', '=', leading/trailing blanks, CR and non-ASCII in names, flavors and link labels",
  },
} as const satisfies Record<string, CodeInfo>;

export type LoaderCode = keyof typeof LOADER_ERRORS;
export type LintCode = keyof typeof LINT_CODES;
export type DiagnosticCode = LoaderCode | LintCode;

export const DOCS_BASE = 'https://github.com/p0f-ts/p0f-ts/blob/main/docs/lint-codes.md';

export function docUrl(code: DiagnosticCode): string {
  return `${DOCS_BASE}#${code.toLowerCase()}`;
}

export function codeInfo(code: DiagnosticCode): CodeInfo {
  if (code in LINT_CODES) return LINT_CODES[code as LintCode];
  const e = LOADER_ERRORS[code as LoaderCode];
  return { severity: 'error', title: e.title, help: e.help };
}

export const ALL_CODES: readonly DiagnosticCode[] = [
  ...(Object.keys(LOADER_ERRORS) as LoaderCode[]),
  ...(Object.keys(LINT_CODES) as LintCode[]),
];

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return code in LINT_CODES || code in LOADER_ERRORS;
}

export function isLintCode(code: string): code is LintCode {
  return code in LINT_CODES;
}
