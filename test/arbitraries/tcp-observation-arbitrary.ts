/**
 * Observations for a given database: mostly derived from one of its signatures (so
 * layouts match and the tier logic is exercised), then perturbed; sometimes entirely
 * random. Covers SYN and SYN+ACK, IPv4 and IPv6, and peer MSS values down to 1.
 */
import fc from 'fast-check';
import { QUIRK_BIT, TcpObservation, type Direction, type IpVersion, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { LAYOUT_POOL, MSS_POOL } from './signature-database-arbitrary.js';

export interface ObservationFields {
  readonly ipVersion: IpVersion;
  readonly ttl: number;
  readonly ipOptionLength: number;
  readonly mss: number;
  readonly window: number;
  readonly windowScale: number;
  readonly layout: readonly number[];
  readonly eolPad: number;
  readonly quirks: number;
  readonly payloadClass: 0 | 1;
  readonly totalHeaderLength: number;
  readonly ts1: number;
}

export interface ObservationCase {
  readonly direction: Direction;
  readonly peerMss: number;
  readonly fields: ObservationFields;
}

export function toObservation(fields: ObservationFields): TcpObservation {
  const obs = new TcpObservation();
  obs.ipVersion = fields.ipVersion;
  obs.ttl = fields.ttl;
  obs.ipOptionLength = fields.ipOptionLength;
  obs.mss = fields.mss;
  obs.window = fields.window;
  obs.windowScale = fields.windowScale;
  obs.layout.set(fields.layout.slice(0, obs.layout.length));
  obs.layoutLength = Math.min(fields.layout.length, obs.layout.length);
  obs.eolPad = fields.eolPad;
  obs.quirks = fields.quirks;
  obs.payloadClass = fields.payloadClass;
  obs.totalHeaderLength = fields.totalHeaderLength;
  obs.ts1 = fields.ts1;
  return obs;
}

const FUZZY_BITS = [QUIRK_BIT.df, QUIRK_BIT['id+'], QUIRK_BIT['id-'], QUIRK_BIT.ecn, QUIRK_BIT.flow];
const ALL_QUIRKS = (1 << 17) - 1;

const peerMssArbitrary = fc.oneof(fc.constantFrom(0, 1, 2, 5, 11, 12, 13, 99, 100, 536, 1460), fc.integer({ min: 0, max: 65535 }));
const totalHeaderArbitrary = fc.constantFrom(40, 52, 60, 64, 80, 100);
const ts1Arbitrary = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 0xffffffff }));

/** A window that the signature's window form accepts for this MSS (or nearly). */
function windowFor(sig: TcpSignature, mss: number, totalHeaderLength: number): fc.Arbitrary<number> {
  const w = sig.window;
  const clamp = (n: number): number => n & 0xffff;
  switch (w.kind) {
    case 'any':
      return fc.integer({ min: 0, max: 65535 });
    case 'value':
      return fc.oneof({ weight: 12, arbitrary: fc.constant(w.value) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }) });
    case 'mod':
      return fc.integer({ min: 0, max: Math.floor(65535 / w.divisor) }).map((k) => k * w.divisor);
    case 'mss':
      return fc.oneof({ weight: 4, arbitrary: fc.constant(mss) }, { weight: 1, arbitrary: fc.constantFrom(mss - 12, 1460, 1448) }).map((d) => clamp(d * w.multiplier));
    case 'mtu':
      return fc.constantFrom(mss + 40, mss + totalHeaderLength, mss + 60, 1500).map((d) => clamp(d * w.multiplier));
  }
}

function derivedCase(direction: Direction, sig: TcpSignature): fc.Arbitrary<ObservationCase> {
  return fc
    .record({
      ipVersion: fc.constantFrom<IpVersion>(4, 6),
      ttlDrop: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 35 }) }, { weight: 1, arbitrary: fc.integer({ min: -20, max: 80 }) }),
      keepOlen: fc.nat(15),
      mss: sig.mss === -1 ? fc.oneof(fc.constantFrom(...MSS_POOL), fc.integer({ min: 0, max: 65535 })) : fc.oneof({ weight: 12, arbitrary: fc.constant(sig.mss) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }) }),
      windowScale: sig.windowScale === -1 ? fc.integer({ min: 0, max: 255 }) : fc.oneof({ weight: 12, arbitrary: fc.constant(sig.windowScale) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
      keepEol: fc.nat(15),
      eolPad: fc.integer({ min: 0, max: 40 }),
      quirkFlips: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.subarray(FUZZY_BITS, { maxLength: 2 }) }),
      otherFlip: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 16 }).map((i) => 1 << i) }),
      payloadClass: sig.payloadClass === -1 ? fc.constantFrom<0 | 1>(0, 1) : fc.oneof({ weight: 12, arbitrary: fc.constant(sig.payloadClass) }, { weight: 1, arbitrary: fc.constantFrom<0 | 1>(0, 1) }),
      totalHeaderLength: totalHeaderArbitrary,
      ts1: ts1Arbitrary,
      peerMss: direction === 'request' ? fc.constant(0) : peerMssArbitrary,
    })
    .chain((c) =>
      windowFor(sig, c.mss, c.totalHeaderLength).map((window): ObservationCase => {
        let quirks = sig.quirks;
        for (const bit of c.quirkFlips) quirks ^= bit;
        quirks ^= c.otherFlip;
        return {
          direction,
          peerMss: c.peerMss,
          fields: {
            ipVersion: c.ipVersion,
            ttl: Math.min(255, Math.max(0, sig.ttl - c.ttlDrop)),
            ipOptionLength: c.keepOlen === 0 ? 4 : Math.min(sig.ipOptionLength, 40),
            mss: c.mss,
            window,
            windowScale: c.windowScale,
            layout: sig.layout,
            eolPad: c.keepEol === 0 ? c.eolPad : sig.eolPad,
            quirks: quirks & ALL_QUIRKS,
            payloadClass: c.payloadClass,
            totalHeaderLength: c.totalHeaderLength,
            ts1: c.ts1,
          },
        };
      }),
    );
}

function randomCase(direction: Direction): fc.Arbitrary<ObservationCase> {
  return fc.record({
    direction: fc.constant(direction),
    peerMss: direction === 'request' ? fc.constant(0) : peerMssArbitrary,
    fields: fc.record({
      ipVersion: fc.constantFrom<IpVersion>(4, 6),
      ttl: fc.integer({ min: 0, max: 255 }),
      ipOptionLength: fc.constantFrom(0, 0, 4, 8, 40),
      mss: fc.oneof(fc.constantFrom(0, ...MSS_POOL), fc.integer({ min: 0, max: 65535 })),
      window: fc.integer({ min: 0, max: 65535 }),
      windowScale: fc.integer({ min: 0, max: 255 }),
      layout: fc.constantFrom(...LAYOUT_POOL),
      eolPad: fc.constantFrom(0, 0, 1, 3),
      quirks: fc.integer({ min: 0, max: ALL_QUIRKS }),
      payloadClass: fc.constantFrom<0 | 1>(0, 1),
      totalHeaderLength: totalHeaderArbitrary,
      ts1: ts1Arbitrary,
    }),
  });
}

/** One observation case for `db`. */
export function observationCaseArbitrary(db: SignatureDatabase): fc.Arbitrary<ObservationCase> {
  return fc.constantFrom<Direction>('request', 'response').chain((direction) => {
    const sigs = direction === 'request' ? db.tcpRequest : db.tcpResponse;
    if (sigs.length === 0) return randomCase(direction);
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...sigs).chain((sig) => derivedCase(direction, sig)) },
      { weight: 1, arbitrary: randomCase(direction) },
    );
  });
}
