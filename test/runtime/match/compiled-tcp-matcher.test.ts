import { describe, expect, it } from 'vitest';
import { buildTcpTables } from '../../../compiler/tables/build-tables.js';
import { TcpObservation, type TcpSignature } from '../../../runtime/fingerprint/tcp-types.js';
import { createCompiledTcpMatcher, layoutHash, tcpTablesFit } from '../../../runtime/match/compiled-tcp-matcher.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import { createInterpretedTcpMatcher } from '../../../runtime/match/tcp-interpreter.js';

function sig(layout: readonly number[], line: number): TcpSignature {
  return {
    generic: false, classId: 0, nameId: 0, flavor: `${line}`, labelId: line, sys: [], line, direction: 'request', ipVersion: 'any',
    ttl: 64, badTtl: false, ipOptionLength: 0, mss: -1, window: { kind: 'any' }, windowScale: -1, layout, eolPad: 0, quirks: 0, payloadClass: -1,
  };
}

function database(sigs: TcpSignature[]): SignatureDatabase {
  return { source: { file: 'x.fp', sha256: 'x' }, signatureCount: sigs.length, classes: ['unix'], names: ['N'], tcpRequest: sigs, tcpResponse: [], mtu: [], httpRequest: [], httpResponse: [], uaOs: [] };
}

function observe(layout: readonly number[]): TcpObservation {
  const o = new TcpObservation();
  o.ttl = 60;
  o.layout.set(layout);
  o.layoutLength = layout.length;
  return o;
}

/** Two different layouts with the same hash (a birthday search over 4-option layouts). */
function collidingLayouts(): [number[], number[]] {
  const seen = new Map<number, number[]>();
  let x = 12345;
  for (;;) {
    const layout = Array.from({ length: 4 }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24));
    const h = layoutHash(layout, layout.length);
    const other = seen.get(h);
    if (other !== undefined && other.join() !== layout.join()) return [other, layout];
    seen.set(h, layout);
  }
}

describe('createCompiledTcpMatcher', () => {
  it('tells apart layouts whose hashes collide', () => {
    const [a, b] = collidingLayouts();
    expect(layoutHash(a, 4)).toBe(layoutHash(b, 4));
    const db = database([sig(a, 3), sig(b, 5)]);
    const compiled = createCompiledTcpMatcher(db, buildTcpTables(db));
    const interpreted = createInterpretedTcpMatcher(db);
    for (const layout of [a, b, [...a.slice(0, 3), 99]]) {
      expect(compiled.match(observe(layout), 'request', 0)).toEqual(interpreted.match(observe(layout), 'request', 0));
    }
    const hit = compiled.match(observe(b), 'request', 0);
    expect(hit.kind === 'match' && hit.signature.line).toBe(5);
  });

  it('falls back to the interpreter for tables built from another database', () => {
    const db = database([sig([2], 3), sig([2, 4], 5)]);
    const other = database([sig([2, 4], 3)]);
    const stale = buildTcpTables(other);
    expect(tcpTablesFit(db, stale)).toBe(false);
    expect(tcpTablesFit(db, buildTcpTables(db))).toBe(true);
    const m = createCompiledTcpMatcher(db, stale).match(observe([2, 4]), 'request', 0);
    expect(m.kind === 'match' && m.signature.line).toBe(5);
  });
});
