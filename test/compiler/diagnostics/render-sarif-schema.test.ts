/**
 * The SARIF we print validates against the official SARIF 2.1.0 JSON schema (the copy
 * Microsoft ships in @microsoft/jest-sarif), checked with Ajv's draft-04 validator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { parseFp } from '../../../grammar/parse-fp.js';
import { validate } from '../../../compiler/validate/validate.js';
import { renderSarif } from '../../../compiler/diagnostics/render-sarif.js';
import type { Diagnostic } from '../../../grammar/diagnostic.js';

const require = createRequire(import.meta.url);
const schema: object = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
const validateSarif = ajv.compile(schema);

function diagnosticsOf(text: string, file: string): Diagnostic[] {
  const { ast, diagnostics } = parseFp(text, file);
  return [...diagnostics, ...validate(ast)];
}

function expectValid(sarifText: string): void {
  const ok = validateSarif(JSON.parse(sarifText));
  expect(ajv.errorsText(validateSarif.errors)).toBe('No errors');
  expect(ok).toBe(true);
}

describe('SARIF output against the SARIF 2.1.0 schema', () => {
  it('is valid for a file with errors and warnings', () => {
    const text = 'classes = unix\n[tcp:request]\nlabel = s:unix:Linux:x\nsig = 4:64:0:*:mss*20,7:mss,bogus:df:0\nlabel = s:bsd:X:\n[mtu]\nlabel = Ethernet\nsig = 99999\n';
    const diagnostics = diagnosticsOf(text, 'bad.fp');
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expectValid(renderSarif(diagnostics));
  });

  it.runIf(existsSync('/etc/p0f/p0f.fp'))('is valid for the upstream database (warnings only)', () => {
    const diagnostics = diagnosticsOf(readFileSync('/etc/p0f/p0f.fp', 'latin1'), '/etc/p0f/p0f.fp');
    expect(diagnostics.filter((d) => d.code === 'unreachable-signature').length).toBe(5);
    expectValid(renderSarif(diagnostics));
  });

  it('is rejected by the schema when broken (the check can fail)', () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: {} } }] };
    expect(validateSarif(log)).toBe(false);
  });
});
