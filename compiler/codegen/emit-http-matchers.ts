/**
 * Prints `http-matchers.generated.ts`: the HTTP tables of build-http-tables.ts plus one
 * straight-line header-order check per signature, so the runtime runs no interpreter
 * loop over signature entries. Deterministic: fixed ts-morph settings, database order,
 * no timestamps. Returns the text; the caller writes it.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, type CodeBlockWriter } from 'ts-morph';
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import type { HttpSignatureTable, HttpTables } from '../../runtime/match/http-tables.js';
import { buildHttpTables } from '../tables/build-http-tables.js';
import { quoteString } from './emit-tables.js';

const MANIPULATION_SETTINGS = {
  indentationText: IndentationText.TwoSpaces,
  newLineKind: NewLineKind.LineFeed,
  quoteKind: QuoteKind.Single,
  useTrailingCommas: true,
} as const;

/** Comment-safe text: printable ASCII only (values may hold anything but `]`). */
function commentText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0x20 && c < 0x7f ? ch : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The signature as written in p0f.fp (`ver:horder:habsent:expsw`). */
export function httpSignatureText(s: HttpSignature): string {
  const ver = s.version === -1 ? '*' : String(s.version);
  const horder = s.headers.map((e) => `${e.optional ? '?' : ''}${e.name}${e.value === null ? '' : `=[${e.value}]`}`).join(',');
  return `${ver}:${horder}:${s.absent.join(',')}:${s.expectedSoftware ?? ''}`;
}

function checkFunctionName(direction: 'request' | 'response'): string {
  return direction === 'request' ? 'checkRequestHeaderOrder' : 'checkResponseHeaderOrder';
}

/** One signature's ordered header check as straight-line statements ending in `return`. */
function writeCheckBody(w: CodeBlockWriter, s: HttpSignature, ids: ReadonlyMap<string, number>): void {
  for (const entry of s.headers) {
    const id = ids.get(entry.name) ?? -1;
    const value = entry.value === null ? null : quoteString(entry.value);
    w.writeLine(`j = h.find(${id}, p); // ${entry.optional ? '?' : ''}${commentText(entry.name)}`);
    if (!entry.optional) {
      w.writeLine(value === null ? 'if (j < 0) return false;' : `if (j < 0 || !h.valueContains(j, ${value})) return false;`);
      w.writeLine('p = j + 1;');
    } else if (value === null) {
      // Optional: may be missing, but not present earlier than here.
      w.writeLine('if (j >= 0) p = j + 1;');
      w.writeLine(`else if (h.has(${id})) return false;`);
    } else {
      w.writeLine('if (j >= 0) {');
      w.indent(() => {
        w.writeLine(`if (!h.valueContains(j, ${value})) return false;`);
        w.writeLine('p = j + 1;');
      });
      w.writeLine(`} else if (h.has(${id})) return false;`);
    }
  }
  w.writeLine('return true;');
}

/**
 * All of a direction's checks in one function, one `case` per signature index: a single
 * hot function that the JIT optimises as a whole (many small functions behind an array
 * call site stay slower than the table-driven loop).
 */
function writeDirectionChecks(w: CodeBlockWriter, direction: 'request' | 'response', signatures: readonly HttpSignature[], db: SignatureDatabase, ids: ReadonlyMap<string, number>): void {
  w.blankLine();
  w.writeLine(`/** Header-order check of [http:${direction}] signature number \`index\` (0-based, file order). */`);
  w.write(`function ${checkFunctionName(direction)}(index: number, h: HttpHeaderView): boolean`).block(() => {
    w.writeLine('let p = 0;');
    w.writeLine('let j: number;');
    w.write('switch (index)').block(() => {
      signatures.forEach((s, index) => {
        const name = db.names[s.nameId] ?? '?';
        const label = `${s.generic ? 'g' : 's'}:${s.classId === -1 ? '!' : db.classes[s.classId] ?? '?'}:${name}:${s.flavor ?? ''}`;
        w.writeLine(`// line ${s.line}, ${commentText(label)}`);
        w.writeLine(`// sig = ${commentText(httpSignatureText(s))}`);
        w.writeLine(`case ${index}:`);
        w.indent(() => writeCheckBody(w, s, ids));
      });
      w.writeLine('default:');
      w.indent(() => w.writeLine('return false;'));
    });
  });
}

function writeSignatureRow(w: CodeBlockWriter, t: HttpSignatureTable): void {
  const list = (xs: readonly (string | number | boolean | null)[]): string =>
    `[${xs.map((x) => (typeof x === 'string' ? quoteString(x) : String(x))).join(', ')}]`;
  w.write('{').newLine();
  w.indent(() => {
    w.writeLine(`line: ${t.line},`);
    w.writeLine(`version: ${t.version},`);
    w.writeLine(`generic: ${t.generic},`);
    w.writeLine(`headerIds: ${list(t.headerIds)},`);
    w.writeLine(`optional: ${list(t.optional)},`);
    w.writeLine(`values: ${list(t.values)},`);
    w.writeLine(`requiredMask: ${list(t.requiredMask)},`);
    w.writeLine(`absentMask: ${list(t.absentMask)},`);
  });
  w.write('}');
}

function writeDirection(w: CodeBlockWriter, direction: 'request' | 'response', rows: readonly HttpSignatureTable[]): void {
  w.write('{').newLine();
  w.indent(() => {
    w.write('signatures: [').newLine();
    w.indent(() => {
      for (const row of rows) {
        writeSignatureRow(w, row);
        w.write(',').newLine();
      }
    });
    w.writeLine('],');
    w.writeLine(`check: ${checkFunctionName(direction)},`);
  });
  w.write('}');
}

export function emitHttpMatchers(db: SignatureDatabase, header: string): string {
  const tables: HttpTables = buildHttpTables(db);
  const ids = new Map(tables.headerNames.map((n, i) => [n, i] as const));
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: MANIPULATION_SETTINGS });
  const file = project.createSourceFile('http-matchers.generated.ts', '', { overwrite: true });
  file.addStatements([
    (w) => w.writeLine(header),
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['HttpHeaderView'], moduleSpecifier: '../runtime/match/http-header-view.js' },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['HttpTables'], moduleSpecifier: '../runtime/match/http-tables.js' },
  ]);
  file.addStatements([
    (w) => {
      w.newLine();
      w.writeLine('// Header name ids (index = id):');
      tables.headerNames.forEach((n, i) => w.writeLine(`//   ${i} ${commentText(n)}`));
      writeDirectionChecks(w, 'request', db.httpRequest, db, ids);
      writeDirectionChecks(w, 'response', db.httpResponse, db, ids);
      w.blankLine();
      w.write('export const httpTables: HttpTables = {').newLine();
      w.indent(() => {
        w.writeLine(`headerNames: [${tables.headerNames.map(quoteString).join(', ')}],`);
        w.writeLine(`maskWords: ${tables.maskWords},`);
        w.write('request: ');
        writeDirection(w, 'request', tables.request.signatures);
        w.write(',').newLine();
        w.write('response: ');
        writeDirection(w, 'response', tables.response.signatures);
        w.write(',').newLine();
      });
      w.writeLine('};');
    },
  ]);
  return file.getFullText();
}
