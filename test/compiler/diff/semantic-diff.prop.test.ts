import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOnCorpus } from '../../../compiler/diff/replay-corpus.js';
import { isEmptyDiff, semanticDiff } from '../../../compiler/diff/semantic-diff.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { fpTextArbitrary } from '../fmt/fp-text-arbitrary.js';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

const STOCK = readFileSync('/etc/p0f/p0f.fp', 'latin1');
const STOCK_LINES = STOCK.split('\n');
const CAPTURES = ['tcp_request.pcap', 'tcp_fuzzy.pcap', 'http.pcap', 'mtu.pcap'].map((f) => `${CORPUS_DIR}/crafted/${f}`);

/** Lines a random edit may touch: tcp/http/mtu sig lines and tcp/http labels. */
const EDITABLE = STOCK_LINES.map((line, i) => ({ line, i })).filter(({ line }) => /^(sig|label) +=/.test(line)).map(({ i }) => i);

type Edit =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number }
  | { readonly kind: 'field'; readonly at: number; readonly field: number; readonly value: string }
  | { readonly kind: 'rename'; readonly at: number; readonly name: string };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.constantFrom(...EDITABLE) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.constantFrom(...EDITABLE) }),
  fc.record({ kind: fc.constant('field' as const), at: fc.constantFrom(...EDITABLE), field: fc.integer({ min: 0, max: 7 }), value: fc.constantFrom('*', '0', '64', '128', '1460', '8', '') }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.constantFrom(...EDITABLE), name: fc.constantFrom('Linux', 'LINUX', 'Windows', 'NewOS', 'FreeBSD') }),
);

function applyEdits(edits: readonly Edit[]): string {
  const lines = [...STOCK_LINES];
  for (const e of edits) {
    const line = lines[e.at] ?? '';
    if (e.kind === 'delete') lines.splice(e.at, 1);
    else if (e.kind === 'swap' && e.at + 1 < lines.length) [lines[e.at], lines[e.at + 1]] = [lines[e.at + 1] as string, line];
    else if (e.kind === 'field' && line.startsWith('sig')) {
      const [key, value] = line.split(' = ') as [string, string];
      const parts = value.split(':');
      if (e.field < parts.length) parts[e.field] = e.value;
      lines[e.at] = `${key} = ${parts.join(':')}`;
    } else if (e.kind === 'rename' && line.startsWith('label')) {
      lines[e.at] = line.replace(/^(label = [sg]:[^:]*:)[^:]*:/, `$1${e.name}:`);
    }
  }
  return lines.join('\n');
}

describe('semanticDiff properties', () => {
  it('a database diffed with itself, or with a reformatted copy, is empty', () => {
    fc.assert(
      fc.property(fpTextArbitrary, (sample) => {
        const messy = loadDatabase(sample.messy, 'messy.fp').database;
        const canonical = loadDatabase(sample.canonical, 'canonical.fp').database;
        expect(messy).not.toBeNull();
        expect(canonical).not.toBeNull();
        if (messy === null || canonical === null) return;
        expect(isEmptyDiff(semanticDiff(messy, messy))).toBe(true);
        expect(isEmptyDiff(semanticDiff(messy, canonical))).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, 600_000);

  it('every classification change found on the corpus is attributed to a reported change', () => {
    const stock = loadDatabase(STOCK, 'p0f.fp').database;
    expect(stock).not.toBeNull();
    if (stock === null) return;
    let withChanges = 0;
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 3 }), (edits) => {
        const edited = loadDatabase(applyEdits(edits), 'edited.fp').database;
        fc.pre(edited !== null);
        if (edited === null) return;
        const diff = semanticDiff(stock, edited);
        const comparison = compareOnCorpus(stock, edited, CAPTURES, diff);
        if (comparison.changes.length > 0) withChanges++;
        expect(comparison.changes.filter((c) => c.causes.length === 0 && c.nameCauses.length === 0)).toEqual([]);
        if (comparison.changes.length > 0) expect(isEmptyDiff(diff)).toBe(false);
      }),
      { numRuns: 25 },
    );
    // The property must have exercised real classification changes.
    expect(withChanges).toBeGreaterThan(3);
  }, 600_000);
});
