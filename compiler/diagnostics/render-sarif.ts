/**
 * SARIF 2.1.0 output for code-scanning UIs: one run, every catalogue code as a rule (so
 * rule ids and indexes are stable across runs), note labels as related locations.
 */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { ALL_CODES, codeInfo, docUrl, isDiagnosticCode, type DiagnosticCode } from './codes.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_VERSION = '0.1.0';

interface SarifRegion { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface SarifLocation { id?: number; physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion }; message?: { text: string } }

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly {
    readonly tool: { readonly driver: { name: string; version: string; informationUri: string; rules: readonly SarifRule[] } };
    readonly results: readonly SarifResult[];
  }[];
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { text: string };
  readonly fullDescription: { text: string };
  readonly help: { text: string };
  readonly helpUri: string;
  readonly defaultConfiguration: { level: 'error' | 'warning' };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: 'error' | 'warning';
  readonly message: { text: string };
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
}

/** Paths become relative URIs with forward slashes, as SARIF wants. */
function uriOf(file: string): string {
  return encodeURI(file.replace(/\\/g, '/'));
}

function location(span: Diagnostic['span'], message?: string, id?: number): SarifLocation {
  return {
    ...(id === undefined ? {} : { id }),
    physicalLocation: {
      artifactLocation: { uri: uriOf(span.file) },
      region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: Math.max(span.endColumn, span.column) },
    },
    ...(message === undefined ? {} : { message: { text: message } }),
  };
}

function toPascal(code: string): string {
  return code.replace(/(^|-)([a-z])/g, (_m, _d: string, ch: string) => ch.toUpperCase());
}

export function sarifRules(): SarifRule[] {
  return ALL_CODES.map((code) => {
    const info = codeInfo(code);
    return {
      id: code,
      name: toPascal(/^E\d+$/.test(code) ? info.title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() : code),
      shortDescription: { text: info.title },
      fullDescription: { text: `${info.title}. ${info.help}` },
      help: { text: info.help },
      helpUri: docUrl(code),
      defaultConfiguration: { level: info.severity },
    };
  });
}

export function toSarif(diagnostics: readonly Diagnostic[]): SarifLog {
  const rules = sarifRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = diagnostics.map((d) => {
    const code: DiagnosticCode | null = isDiagnosticCode(d.code) ? d.code : null;
    const notes = d.labels.filter((l) => l.role === 'note');
    const text = d.help === undefined ? d.message : `${d.message}\nhelp: ${d.help}`;
    return {
      ruleId: d.code,
      ruleIndex: code === null ? -1 : (index.get(code) ?? -1),
      level: d.severity,
      message: { text },
      locations: [location(d.span)],
      ...(notes.length === 0 ? {} : { relatedLocations: notes.map((n, i) => location(n.span, n.message, i + 1)) }),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'p0f-ts', version: TOOL_VERSION, informationUri: 'https://github.com/p0f-ts/p0f-ts', rules } }, results }],
  };
}

export function renderSarif(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(toSarif(diagnostics), null, 2)}\n`;
}
