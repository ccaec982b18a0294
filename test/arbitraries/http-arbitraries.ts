/**
 * fast-check arbitraries for HTTP matching: signature sets and observed header lists
 * drawn from small, overlapping pools (case variants, duplicates, values containing
 * separators), plus a synthesiser that builds header lists a given signature matches.
 */
import fc from 'fast-check';
import type { HttpHeaderSpec, HttpSignature, HttpVersionSpec } from '../../runtime/fingerprint/http-types.js';
import type { HttpHeader, HttpObservation } from '../../runtime/fingerprint/http-observation.js';
import { observeHttpHeaders } from '../../runtime/fingerprint/http-observation.js';
import type { Direction } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';

/** Names overlap in case only (Host/host) so case-sensitivity is exercised. */
export const HTTP_NAME_POOL = [
  'Host', 'host', 'User-Agent', 'Accept', 'accept', 'Accept-Language', 'Connection', 'Cookie', 'Via', 'X-A', 'X-a', 'Date', 'Server', 'Keep-Alive',
] as const;
export const HTTP_VALUE_POOL = ['a', 'ab', 'b', 'x,y', '*/*', 'a:b', 'gzip, deflate', ' ', 'keep-alive', ';q=', '1'] as const;
const NAMES = ['Firefox', 'curl', 'Linux', 'Windows', 'Apache'] as const;

const nameArb = fc.constantFrom(...HTTP_NAME_POOL);
const sigValueArb = fc.constantFrom(...HTTP_VALUE_POOL);

const headerSpecArb: fc.Arbitrary<HttpHeaderSpec> = fc.record({
  name: nameArb,
  optional: fc.boolean(),
  value: fc.option(sigValueArb, { freq: 2 }),
});

export function httpSignatureArbitrary(direction: Direction): fc.Arbitrary<Omit<HttpSignature, 'line' | 'labelId'>> {
  return fc.record({
    generic: fc.boolean(),
    classId: fc.constantFrom(-1, 0, 1),
    nameId: fc.integer({ min: 0, max: NAMES.length - 1 }),
    flavor: fc.option(fc.constantFrom('1.x', '2.x'), { nil: null }),
    sys: fc.constant([]),
    direction: fc.constant(direction),
    version: fc.constantFrom<HttpVersionSpec>(-1, 0, 1),
    headers: fc.array(headerSpecArb, { maxLength: 6 }),
    absent: fc.uniqueArray(nameArb, { maxLength: 3 }),
    expectedSoftware: fc.option(fc.constantFrom('a', 'curl/', ' Chrom'), { nil: null }),
  });
}

function numbered(list: readonly Omit<HttpSignature, 'line' | 'labelId'>[], firstLine: number): HttpSignature[] {
  return list.map((s, i) => ({ ...s, line: firstLine + i, labelId: i + 1 }));
}

export const httpDatabaseArbitrary: fc.Arbitrary<SignatureDatabase> = fc
  .tuple(fc.array(httpSignatureArbitrary('request'), { minLength: 1, maxLength: 14 }), fc.array(httpSignatureArbitrary('response'), { maxLength: 8 }))
  .map(([request, response]) => ({
    source: { file: 'random.fp', sha256: '' },
    signatureCount: request.length + response.length,
    classes: ['win', 'unix'],
    names: [...NAMES],
    tcpRequest: [],
    tcpResponse: [],
    mtu: [],
    httpRequest: numbered(request, 100),
    httpResponse: numbered(response, 1000),
    uaOs: [],
  }));

/** Observed values: pool values, values that embed them, odd bytes, empty-after-NUL. */
const observedValueArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: sigValueArb },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 3 }), sigValueArb, fc.string({ maxLength: 3 })).map(([a, v, b]) => a + v + b) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ']|,:', '\x7f\x80') },
);

export const httpHeaderArbitrary: fc.Arbitrary<HttpHeader> = fc.record({
  name: fc.oneof({ weight: 5, arbitrary: nameArb }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/) }),
  value: observedValueArb,
});

export function httpObservationArbitrary(direction: Direction): fc.Arbitrary<HttpObservation> {
  return fc
    .tuple(fc.constantFrom<0 | 1>(0, 1), fc.array(httpHeaderArbitrary, { maxLength: 12 }))
    .map(([version, headers]) => observeHttpHeaders(direction, version, headers));
}

/**
 * Header lists the signature matches: its entries in order (optional ones sometimes left
 * out), values embedding the required substring, and extra headers in between whose
 * names the signature neither lists nor forbids.
 */
export function matchingObservationArbitrary(signature: HttpSignature, extraNames: readonly string[]): fc.Arbitrary<HttpObservation> {
  const mentioned = new Set([...signature.headers.map((h) => h.name), ...signature.absent]);
  const extras = extraNames.filter((n) => !mentioned.has(n));
  const extraArb: fc.Arbitrary<HttpHeader[]> =
    extras.length === 0 ? fc.constant([]) : fc.array(fc.record({ name: fc.constantFrom(...extras), value: observedValueArb }), { maxLength: 2 });
  const versionArb = signature.version === -1 ? fc.constantFrom<0 | 1>(0, 1) : fc.constant(signature.version);
  // An optional entry may be left out only if no other entry has its name (p0f fails a
  // signature whose optional header is present anywhere but at or after its slot).
  const parts = signature.headers.map((entry) => {
    const unique = signature.headers.filter((h) => h.name === entry.name).length === 1;
    const present = entry.optional && unique ? fc.boolean() : fc.constant(true);
    const value = entry.value === null ? observedValueArb : fc.tuple(fc.constantFrom('', 'x', ' ;'), fc.constantFrom('', 'y', ',')).map(([a, b]) => a + entry.value + b);
    return fc.tuple(present, value, extraArb).map(([p, v, extra]) => (p ? [...extra, { name: entry.name, value: v }] : extra));
  });
  return fc
    .tuple(versionArb, fc.tuple(...parts), extraArb)
    .map(([version, chunks, tail]) => observeHttpHeaders(signature.direction, version, [...chunks.flat(), ...tail]));
}
