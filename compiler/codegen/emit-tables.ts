/**
 * Prints the signature database and the compiled TCP/MTU tables as TypeScript modules
 * with ts-morph. Output is deterministic: fixed manipulation settings, an in-memory
 * file system, and values written in the database's own order. Nothing is saved here;
 * callers write the returned text.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, type CodeBlockWriter, type SourceFile } from 'ts-morph';
import type { TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { TCP_ROW, type TcpDirectionTable, type TcpTables } from '../../runtime/match/tables.js';
import { tcpSignatureText } from '../fuzz/signature-text.js';

const MANIPULATION_SETTINGS = {
  indentationText: IndentationText.TwoSpaces,
  newLineKind: NewLineKind.LineFeed,
  quoteKind: QuoteKind.Single,
  useTrailingCommas: true,
} as const;

/** JSON-like values the emitters print. */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue | undefined };

function newSourceFile(name: string, header: string): SourceFile {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: MANIPULATION_SETTINGS });
  const file = project.createSourceFile(name, '', { overwrite: true });
  file.addStatements([(w) => w.writeLine(header)]);
  return file;
}

/** A single-quoted, ASCII-only string literal. */
export function quoteString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\u{${code.toString(16)}}`;
  }
  return `${out}'`;
}

function isScalar(v: PlainValue): boolean {
  return v === null || typeof v !== 'object';
}

function scalarText(v: PlainValue): string {
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  return String(v);
}

const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Writes a value; arrays of scalars and small flat objects stay on one line. */
export function writeValue(w: CodeBlockWriter, v: PlainValue): void {
  if (isScalar(v)) {
    w.write(scalarText(v));
    return;
  }
  if (Array.isArray(v)) {
    const items = v as readonly PlainValue[];
    if (items.every(isScalar)) {
      w.write(`[${items.map(scalarText).join(', ')}]`);
      return;
    }
    w.write('[').newLine();
    w.indent(() => {
      for (const item of items) {
        writeValue(w, item);
        w.write(',').newLine();
      }
    });
    w.write(']');
    return;
  }
  const entries = Object.entries(v as { readonly [key: string]: PlainValue | undefined }).filter((e): e is [string, PlainValue] => e[1] !== undefined);
  const key = (k: string): string => (PROPERTY_NAME.test(k) ? k : quoteString(k));
  if (entries.length <= 4 && entries.every(([, x]) => isScalar(x))) {
    w.write(entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${key(k)}: ${scalarText(x)}`).join(', ')} }`);
    return;
  }
  w.write('{').newLine();
  w.indent(() => {
    for (const [k, x] of entries) {
      w.write(`${key(k)}: `);
      writeValue(w, x);
      w.write(',').newLine();
    }
  });
  w.write('}');
}

function addExportedConst(file: SourceFile, name: string, type: string, typeModule: string, writeInitializer: (w: CodeBlockWriter) => void): void {
  file.addStatements([{ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: [type], moduleSpecifier: typeModule }]);
  // Written as one statement (not addVariableStatement) so the initializer is not
  // indented as a continuation line.
  file.addStatements([
    (w) => {
      w.newLine();
      w.write(`export const ${name}: ${type} = `);
      writeInitializer(w);
      w.write(';').newLine();
    },
  ]);
}

export interface EmitOptions {
  /** Path from the output directory to runtime/ (default `../runtime`, for generated/). */
  readonly runtimeDir?: string;
}

/** `database.generated.ts`: the SignatureDatabase as a typed constant. */
export function emitDatabase(db: SignatureDatabase, header: string, options: EmitOptions = {}): string {
  const file = newSourceFile('database.generated.ts', header);
  const runtime = options.runtimeDir ?? '../runtime';
  addExportedConst(file, 'database', 'SignatureDatabase', `${runtime}/match/signature-database.js`, (w) => writeValue(w, db as unknown as PlainValue));
  return file.getFullText();
}

function writeDirection(w: CodeBlockWriter, table: TcpDirectionTable, signatures: readonly TcpSignature[]): void {
  w.write('{').newLine();
  w.indent(() => {
    w.writeLine(`signatureCount: ${table.signatureCount},`);
    if (table.groups.length === 0) {
      w.writeLine('groups: [],');
      return;
    }
    w.write('groups: [').newLine();
    w.indent(() => {
      for (const group of table.groups) {
        w.write('{').newLine();
        w.indent(() => {
          w.writeLine(`layout: [${group.layout.join(', ')}],`);
          w.write('rows: [').newLine();
          w.indent(() => {
            for (const row of group.rows) {
              const sig = signatures[row[TCP_ROW.signature]!];
              // The comment names the source line and sig so a reader can check a row by eye.
              const note = sig === undefined ? '' : ` // line ${sig.line}: ${tcpSignatureText(sig).replace(/\*\//g, '* /')}`;
              w.writeLine(`[${row.join(', ')}],${note}`);
            }
          });
          w.writeLine('],');
        });
        w.writeLine('},');
      }
    });
    w.writeLine('],');
  });
  w.write('}');
}

/** `tcp-tables.generated.ts`: the compiled TCP/MTU decision tables. */
export function emitTcpTables(tables: TcpTables, db: SignatureDatabase, header: string, options: EmitOptions = {}): string {
  const file = newSourceFile('tcp-tables.generated.ts', header);
  const runtime = options.runtimeDir ?? '../runtime';
  const columns = Object.entries(TCP_ROW).map(([name]) => name).join(', ');
  addExportedConst(file, 'tcpTables', 'TcpTables', `${runtime}/match/tables.js`, (w) => {
    w.write('{').newLine();
    w.indent(() => {
      w.writeLine(`formatVersion: ${tables.formatVersion},`);
      w.writeLine(`sourceSha256: ${quoteString(tables.sourceSha256)},`);
      w.writeLine(`// Row columns: ${columns}`);
      w.write('request: ');
      writeDirection(w, tables.request, db.tcpRequest);
      w.write(',').newLine();
      w.write('response: ');
      writeDirection(w, tables.response, db.tcpResponse);
      w.write(',').newLine();
      w.write('mtu: ');
      writeValue(w, tables.mtu as unknown as PlainValue);
      w.write(',').newLine();
    });
    w.write('}');
  });
  return file.getFullText();
}
