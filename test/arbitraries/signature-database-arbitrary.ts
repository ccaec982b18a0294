/**
 * fast-check arbitraries for whole signature databases over the full TCP `sig` syntax:
 * every window form, quirk sets (respecting the loader's per-version refusals),
 * layouts including eol+N and ?N, plain and random (`N-`) TTLs, generic/specific and
 * application (`!`) labels. Values are drawn from small pools so that signatures
 * share layouts and collide on fields, which is where tier logic matters.
 */
import fc from 'fast-check';
import { QUIRKS, QUIRK_BIT, type Direction, type MtuSignature, type PayloadClass, type SignatureIpVersion, type TcpSignature, type WindowSize } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';

export const CLASSES = ['win', 'unix', 'other'] as const;
export const NAMES = ['Linux', 'Windows', 'FreeBSD', 'nmap', 'p0f', 'Mac OS X'] as const;

/** Layouts seen in real databases plus odd ones (unknown kinds, EOL only, empty). */
export const LAYOUT_POOL: readonly (readonly number[])[] = [
  [],
  [2],
  [2, 1, 3, 1, 1, 4],
  [2, 4, 8, 1, 3],
  [2, 1, 1, 4],
  [2, 1, 3, 1, 1, 8, 4, 0],
  [1, 3, 1, 1, 2, 4, 0],
  [2, 30],
  [0],
  [2, 1, 3, 4, 8],
];

const FUZZY_QUIRKS = ['df', 'id+', 'id-', 'ecn', 'flow'] as const;
const OTHER_QUIRKS = QUIRKS.filter((q) => !(FUZZY_QUIRKS as readonly string[]).includes(q));
const V6_REFUSED = QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-'] | QUIRK_BIT['0+'];
const V4_REFUSED = QUIRK_BIT.flow;

export const MSS_POOL = [536, 1380, 1440, 1460, 1331, 100, 99, 65535] as const;

export const windowArbitrary: fc.Arbitrary<WindowSize> = fc.oneof(
  fc.constant<WindowSize>({ kind: 'any' }),
  fc.oneof(fc.constantFrom(0, 1024, 5840, 8192, 14600, 29200, 65535, 5003), fc.integer({ min: 0, max: 65535 })).map((value): WindowSize => ({ kind: 'value', value })),
  fc.oneof(fc.constantFrom(2, 512, 1024, 8192), fc.integer({ min: 2, max: 65535 })).map((divisor): WindowSize => ({ kind: 'mod', divisor })),
  fc.oneof(fc.constantFrom(1, 2, 4, 10, 20, 44, 45), fc.integer({ min: 1, max: 1000 })).map((multiplier): WindowSize => ({ kind: 'mss', multiplier })),
  fc.oneof(fc.constantFrom(1, 2, 4, 10), fc.integer({ min: 1, max: 1000 })).map((multiplier): WindowSize => ({ kind: 'mtu', multiplier })),
);

export const layoutArbitrary: fc.Arbitrary<{ layout: readonly number[]; eolPad: number }> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LAYOUT_POOL) },
  // ?N anywhere (including ?0 = eol+0 in the middle), up to the 24-option limit.
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 8), fc.integer({ min: 0, max: 255 })), { maxLength: 24 }) },
).chain((layout) =>
  (layout.length > 0 && layout[layout.length - 1] === 0
    ? fc.oneof(fc.constantFrom(0, 1, 3), fc.integer({ min: 0, max: 255 }))
    : fc.constant(0)
  ).map((eolPad) => ({ layout, eolPad })),
);

function quirksArbitrary(ipVersion: SignatureIpVersion): fc.Arbitrary<number> {
  const refused = ipVersion === 6 ? V6_REFUSED : ipVersion === 4 ? V4_REFUSED : 0;
  return fc
    .tuple(fc.subarray([...FUZZY_QUIRKS]), fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...OTHER_QUIRKS], { maxLength: 3 }) }))
    .map(([a, b]) => [...a, ...b].reduce((set, q) => set | QUIRK_BIT[q], 0) & ~refused);
}

export function tcpSignatureArbitrary(direction: Direction): fc.Arbitrary<Omit<TcpSignature, 'line' | 'labelId'>> {
  return fc.constantFrom<SignatureIpVersion>(4, 6, 'any').chain((ipVersion) =>
    fc.record({
      direction: fc.constant(direction),
      ipVersion: fc.constant(ipVersion),
      generic: fc.boolean(),
      classId: fc.integer({ min: -1, max: CLASSES.length - 1 }),
      nameId: fc.integer({ min: 0, max: NAMES.length - 1 }),
      flavor: fc.constantFrom(null, '2.6.x', '7 or 8', '3.x'),
      sys: fc.constant([]),
      ttl: fc.oneof(fc.constantFrom(32, 64, 128, 255), fc.integer({ min: 1, max: 255 })),
      badTtl: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      ipOptionLength: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
      mss: fc.oneof(fc.constant(-1), fc.constantFrom(...MSS_POOL), fc.integer({ min: 0, max: 65535 })),
      window: windowArbitrary,
      windowScale: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 255 })),
      layoutAndPad: layoutArbitrary,
      quirks: quirksArbitrary(ipVersion),
      payloadClass: fc.constantFrom<PayloadClass>(-1, 0, 1),
    }).map(({ layoutAndPad, ...rest }) => ({ ...rest, layout: layoutAndPad.layout, eolPad: layoutAndPad.eolPad })),
  );
}

const mtuArbitrary = fc.record({
  mtu: fc.oneof(fc.constantFrom(1500, 1492, 1480, 576, 9000), fc.integer({ min: 1, max: 65535 })),
  label: fc.constantFrom('Ethernet or modem', 'DSL', 'GIF', 'jumbo'),
});

/** A whole database; line numbers and label ids are assigned in file order (request, response, mtu). */
export function signatureDatabaseArbitrary(options: { maxPerDirection?: number } = {}): fc.Arbitrary<SignatureDatabase> {
  const max = options.maxPerDirection ?? 24;
  return fc
    .record({
      request: fc.array(tcpSignatureArbitrary('request'), { maxLength: max }),
      response: fc.array(tcpSignatureArbitrary('response'), { maxLength: max }),
      mtu: fc.array(mtuArbitrary, { maxLength: 6 }),
    })
    .map(({ request, response, mtu }) => {
      let line = 1;
      let labelId = 0;
      const place = (sig: Omit<TcpSignature, 'line' | 'labelId'>): TcpSignature => {
        labelId += 1;
        line += 2; // a label line, then the sig line
        return { ...sig, labelId, line };
      };
      line += 1; // section header
      const tcpRequest = request.map(place);
      line += 1;
      const tcpResponse = response.map(place);
      line += 1;
      const mtuSigs: MtuSignature[] = mtu.map((m) => {
        line += 2;
        return { ...m, line };
      });
      return {
        source: { file: 'random.fp', sha256: '0'.repeat(64) },
        signatureCount: tcpRequest.length + tcpResponse.length + mtuSigs.length,
        classes: [...CLASSES],
        names: [...NAMES],
        tcpRequest,
        tcpResponse,
        mtu: mtuSigs,
        httpRequest: [],
        httpResponse: [],
        uaOs: [],
      };
    });
}
