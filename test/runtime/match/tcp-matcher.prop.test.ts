/**
 * compiled == interpreted: for random whole databases and random observations, the
 * compiled table matcher returns what the reference interpreter returns, on every
 * field that reaches output. A failure prints the database as p0f.fp text, the packet
 * as hex (when it can be realised) and the seed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTcpTables } from '../../../compiler/tables/build-tables.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { tcpDatabaseText } from '../../../compiler/fuzz/signature-text.js';
import { packetSpecForObservation } from '../../../compiler/fuzz/synthesize.js';
import { buildTcpPacket } from '../../../runtime/synth/packet-builder.js';
import { createCompiledTcpMatcher } from '../../../runtime/match/compiled-tcp-matcher.js';
import { createInterpretedTcpMatcher } from '../../../runtime/match/tcp-interpreter.js';
import { createInterpretedMtuMatcher, createMtuMatcher } from '../../../runtime/match/mtu-matcher.js';
import type { TcpMatchResult } from '../../../runtime/match/match-result.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import { signatureDatabaseArbitrary } from '../../arbitraries/signature-database-arbitrary.js';
import { observationCaseArbitrary, toObservation, type ObservationCase } from '../../arbitraries/tcp-observation-arbitrary.js';

/** What reaches output: which signature (by line), tier, distance, and the no-match flavour. */
function outcome(r: TcpMatchResult): string {
  return r.kind === 'match'
    ? `match line=${r.signature.line} tier=${r.tier} dist=${r.distance}`
    : `none dist=${r.distance} fuzzyUserland=${r.fuzzyUserland}`;
}

function packetHex(c: ObservationCase): string {
  const spec = packetSpecForObservation(toObservation(c.fields), c.direction, { src: 40000, dst: 80 });
  if (!spec.ok) return `(not realisable as a packet: ${spec.reason})`;
  return Buffer.from(buildTcpPacket(spec.value)).toString('hex');
}

/** The observation's outcome differs between the two matchers over `db`. */
function disagrees(db: SignatureDatabase, c: ObservationCase): boolean {
  const obs = toObservation(c.fields);
  const want = outcome(createInterpretedTcpMatcher(db).match(obs, c.direction, c.peerMss));
  return outcome(createCompiledTcpMatcher(db, buildTcpTables(db)).match(obs, c.direction, c.peerMss)) !== want;
}

/** Greedily drops signatures while the disagreement persists, so the report shows only what matters. */
function minimise(db: SignatureDatabase, c: ObservationCase): SignatureDatabase {
  let current: SignatureDatabase = { ...db, mtu: [], tcpRequest: c.direction === 'request' ? db.tcpRequest : [], tcpResponse: c.direction === 'response' ? db.tcpResponse : [] };
  if (!disagrees(current, c)) current = db;
  for (const list of ['tcpRequest', 'tcpResponse'] as const) {
    for (let i = current[list].length - 1; i >= 0; i--) {
      const smaller = { ...current, [list]: current[list].filter((_, j) => j !== i) };
      if (disagrees(smaller, c)) current = smaller;
    }
  }
  return current;
}

function describeFailure(db: SignatureDatabase, cases: readonly ObservationCase[], seed: number, path: string | undefined, error: unknown): string {
  const failing = cases.find((c) => disagrees(db, c));
  const shown = failing === undefined ? db : minimise(db, failing);
  return [
    `compiled != interpreted (seed ${seed}, path ${path ?? '?'}; rerun with P0F_TS_SEED=${seed})`,
    String(error),
    '--- minimal p0f.fp ---',
    tcpDatabaseText(shown),
    '--- observation ---',
    ...(failing === undefined ? cases : [failing]).map((c) => `${c.direction} peerMss=${c.peerMss} ${JSON.stringify(c.fields)}\n  packet: ${packetHex(c)}`),
  ].join('\n');
}

const dbWithCases = signatureDatabaseArbitrary().chain((db) =>
  fc.array(observationCaseArbitrary(db), { minLength: 1, maxLength: 40 }).map((cases) => ({ db, cases })),
);

describe('compiled TCP matcher', () => {
  it('agrees with the interpreter on random databases and observations', () => {
    const seed = Number(process.env.P0F_TS_SEED ?? Date.now() % 2 ** 31);
    const tiers = new Map<string, number>();
    const result = fc.check(
      fc.property(dbWithCases, ({ db, cases }) => {
        const interpreted = createInterpretedTcpMatcher(db);
        const compiled = createCompiledTcpMatcher(db, buildTcpTables(db));
        for (const c of cases) {
          const obs = toObservation(c.fields);
          const want = outcome(interpreted.match(obs, c.direction, c.peerMss));
          const got = outcome(compiled.match(obs, c.direction, c.peerMss));
          if (got !== want) throw new Error(`observation ${JSON.stringify(c)}: interpreted "${want}", compiled "${got}"`);
          const key = want.replace(/line=\d+ /, '').replace(/ dist=\d+/, '');
          tiers.set(key, (tiers.get(key) ?? 0) + 1);
        }
      }),
      { seed, numRuns: 10_000 },
    );
    console.log(`seed ${seed}: ${JSON.stringify([...tiers])}`);
    if (result.failed) {
      const [example] = result.counterexample ?? [];
      expect.fail(example ? describeFailure(example.db, example.cases, seed, result.counterexamplePath ?? undefined, result.errorInstance) : String(result.errorInstance));
    }
    // The generators must reach every outcome, or the agreement above proves little.
    for (const key of ['match tier=exact', 'match tier=generic', 'match tier=fuzzy', 'none fuzzyUserland=false', 'none fuzzyUserland=true']) {
      expect(tiers.get(key) ?? 0, `outcome "${key}" seen ${tiers.get(key) ?? 0} times: ${JSON.stringify([...tiers])}`).toBeGreaterThan(50);
    }
  });

  it('agrees with the interpreter on the upstream database', () => {
    const db = loadDatabase(readFileSync('/etc/p0f/p0f.fp', 'latin1'), '/etc/p0f/p0f.fp').database!;
    const interpreted = createInterpretedTcpMatcher(db);
    const compiled = createCompiledTcpMatcher(db, buildTcpTables(db));
    const seed = Number(process.env.P0F_TS_SEED ?? Date.now() % 2 ** 31);
    const matched = { match: 0, none: 0 };
    const result = fc.check(
      fc.property(fc.array(observationCaseArbitrary(db), { minLength: 1, maxLength: 50 }), (cases) => {
        for (const c of cases) {
          const obs = toObservation(c.fields);
          const want = outcome(interpreted.match(obs, c.direction, c.peerMss));
          if (outcome(compiled.match(obs, c.direction, c.peerMss)) !== want) throw new Error(`${JSON.stringify(c)}: interpreted "${want}"`);
          matched[want.startsWith('match') ? 'match' : 'none']++;
        }
      }),
      { seed, numRuns: 2000 },
    );
    if (result.failed) expect.fail(describeFailure(db, result.counterexample?.[0] ?? [], seed, result.counterexamplePath ?? undefined, result.errorInstance));
    expect(matched.match).toBeGreaterThan(1000);
  });

  it('returns the same result object for the same outcome (no allocation per match)', () => {
    fc.assert(
      fc.property(signatureDatabaseArbitrary({ maxPerDirection: 8 }).chain((db) => observationCaseArbitrary(db).map((c) => ({ db, c }))), ({ db, c }) => {
        const compiled = createCompiledTcpMatcher(db, buildTcpTables(db));
        const obs = toObservation(c.fields);
        expect(compiled.match(obs, c.direction, c.peerMss)).toBe(compiled.match(obs, c.direction, c.peerMss));
      }),
      { numRuns: 300 },
    );
  });
});

describe('compiled MTU matcher', () => {
  it('agrees with a file-order scan', () => {
    fc.assert(
      fc.property(signatureDatabaseArbitrary({ maxPerDirection: 0 }), fc.array(fc.oneof(fc.constantFrom(1500, 1492, 576, 9000), fc.integer({ min: 0, max: 65536 })), { maxLength: 20 }), (db, mtus) => {
        const compiled = createMtuMatcher(buildTcpTables(db).mtu);
        const interpreted = createInterpretedMtuMatcher(db.mtu);
        for (const m of [...mtus, ...db.mtu.map((s) => s.mtu)]) expect(compiled.lookup(m)).toBe(interpreted.lookup(m));
      }),
      { numRuns: 500 },
    );
  });
});
