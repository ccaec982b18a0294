/**
 * Canonical layout for p0f.fp files.
 *
 * The canonical form is the upstream database's own house style:
 * - no indentation; `label`, `sys` and `sig` keys are padded to five columns
 *   (`label = `, `sys   = `, `sig   = `), `classes = ` and `ua_os = ` use one space;
 * - comments keep their text after `;` verbatim, minus trailing blanks;
 * - a run of blank lines becomes one blank line; none at the start or end of the file;
 * - the file ends with exactly one LF.
 *
 * Values are copied byte for byte: p0f keeps trailing blanks and CRs and treats spaces
 * inside values as part of names, flavors and expected-software strings. The only values
 * rewritten are `classes` and `sys` lists, whose separators p0f skips (`a, b` = `a,b`),
 * and only when the parser read them without error.
 *
 * fmt never decides meaning on its own: the CLI refuses files with diagnostics and checks
 * that the formatted text loads to the same database (see same-meaning.ts).
 */
import type { FpFile, FpItem, Statement } from '../../grammar/ast.js';

/** Width every `label`/`sys`/`sig` key is padded to, so the `=` signs line up. */
const KEY_WIDTH = 5;

/** Formats a parsed file. Pure: same AST text in, same text out. */
export function formatFp(ast: FpFile): string {
  const lines = splitLines(ast.text);
  const out: string[] = [];
  let pendingBlank = false;
  for (const item of ast.items) {
    if (item.kind === 'blank') {
      pendingBlank = out.length > 0;
      continue;
    }
    const line = lines[item.span.line - 1] ?? '';
    if (pendingBlank) out.push('');
    pendingBlank = false;
    out.push(formatItem(item, line));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Splits on LF only: p0f treats CR as an ordinary character. */
function splitLines(text: string): string[] {
  return text.split('\n');
}

function formatItem(item: Exclude<FpItem, { kind: 'blank' }>, line: string): string {
  const body = stripLeadingBlanks(line);
  if (item.kind === 'comment') return stripTrailingBlanks(body);
  return formatStatement(item, body);
}

function formatStatement(statement: Statement, body: string): string {
  if (statement.kind === 'section' || statement.kind === 'unknown') return body;
  const split = splitKeyValue(body);
  if (split === null) return body;
  const value = canonicalValue(statement, split.value);
  const key = split.key.padEnd(KEY_WIDTH);
  // An empty value must not gain a trailing blank: `sys =` stays `sys   =`.
  return value === '' ? `${key} =` : `${key} = ${value}`;
}

/** p0f's key/value split (spec A.2): `[A-Za-z_]+`, blanks, `=`, blanks, the rest verbatim. */
function splitKeyValue(body: string): { key: string; value: string } | null {
  const match = /^([A-Za-z_]+)[ \t]*=[ \t]*/.exec(body);
  if (match === null) return null;
  return { key: match[1] as string, value: body.slice(match[0].length) };
}

function canonicalValue(statement: Statement, verbatim: string): string {
  if (statement.kind === 'classes') return canonicalList(verbatim, CLASS_ENTRY) ?? verbatim;
  if (statement.kind === 'sys') return canonicalList(verbatim, SYS_ENTRY) ?? verbatim;
  return verbatim;
}

/** `classes` entries (spec A.4.1): ALNUM runs. */
const CLASS_ENTRY = /^[A-Za-z0-9]+/;
/** `sys` entries (spec A.4.4): optional `@`, then NAMECHARs, which include the space. */
const SYS_ENTRY = /^@?[A-Za-z0-9 ./\-_!?()]+/;

/**
 * Re-reads a comma list the way p0f does (skip blanks and commas, read an entry, expect
 * `,` or the end) and joins the entries with `,`. Names keep any trailing spaces, which
 * p0f counts as part of the name. Returns null when p0f would reject the list, so the
 * caller keeps the text as written.
 */
function canonicalList(value: string, entry: RegExp): string | null {
  const entries: string[] = [];
  let rest = value;
  for (;;) {
    const before = rest;
    rest = rest.replace(/^[ \t,]+/, '');
    // Separators with no entry after them are an error in p0f (`a,`), an empty list is not.
    if (rest === '') return before === '' ? entries.join(',') : null;
    const match = entry.exec(rest);
    if (match === null) return null;
    entries.push(match[0]);
    rest = rest.slice(match[0].length);
    if (rest === '') break;
    if (!rest.startsWith(',')) return null;
  }
  return entries.join(',');
}

function stripLeadingBlanks(line: string): string {
  return line.replace(/^[ \t]+/, '');
}

/** Comments only: trailing blanks and CR carry no meaning there. */
function stripTrailingBlanks(line: string): string {
  return line.replace(/[ \t\r]+$/, '');
}
