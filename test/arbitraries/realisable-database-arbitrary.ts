/**
 * Random databases whose every signature can be put on the wire (consistent quirks,
 * IPv4 option lengths in 4-byte steps, option layouts that fill whole words), so the
 * fuzzer's packets can be replayed through the real p0f. Small value pools make
 * signatures overlap, so tiers, shadowing, fuzzy and userland paths all occur.
 */
import fc from 'fast-check';
import { QUIRK_BIT, type Direction, type PayloadClass, type SignatureIpVersion, type TcpSignature, type WindowSize } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { CLASSES, NAMES } from './signature-database-arbitrary.js';

/** [layout, eolPad] pairs whose options take a multiple of 4 bytes. */
const LAYOUTS: readonly (readonly [readonly number[], number])[] = [
  [[], 0],
  [[2], 0],
  [[2, 1, 3, 1, 1, 4], 0],
  [[2, 4, 8, 1, 3], 0],
  [[2, 1, 1, 4], 0],
  [[2, 1, 3, 1, 1, 8, 4, 0], 1],
  [[2, 1, 3, 1, 1, 8, 4, 0], 5],
  [[1, 3, 1, 1, 2, 4, 0], 3],
  [[2, 30], 0],
  [[0], 3],
  [[2, 1, 3, 4, 8], 0],
  [[2, 4, 0], 5],
  [[2, 4, 0], 1],
];

const Q = QUIRK_BIT;

function quirks(ipVersion: SignatureIpVersion, direction: Direction, layout: readonly number[], eolPad: number): fc.Arbitrary<number> {
  return fc
    .record({
      ip: fc.constantFrom(0, Q.df, Q.df | Q['id+'], Q['id-'], Q.df, Q.df | Q['id+']),
      ecn: fc.constantFrom(0, 0, 0, Q.ecn),
      v4extra: fc.constantFrom(0, 0, 0, 0, Q['0+']),
      flow: fc.constantFrom(0, 0, Q.flow),
      tcp: fc.constantFrom(0, 0, 0, 0, 0, Q['seq-'], Q['uptr+'], Q['urgf+'], Q['pushf+'], direction === 'request' ? Q['ack+'] : Q['ack-']),
      opt: fc.constantFrom(0, 0, 0, layout.includes(8) ? Q['ts1-'] : 0, layout.includes(8) && direction === 'request' ? Q['ts2+'] : 0, layout.includes(0) && eolPad >= 2 ? Q['opt+'] : 0),
    })
    .map((q) => {
      const v4 = q.ip | q.v4extra;
      if (ipVersion === 4) return v4 | q.ecn | q.tcp | q.opt;
      if (ipVersion === 6) return q.flow | q.ecn | q.tcp | q.opt;
      // `*`: all quirks load; the synthesiser picks the packet version that can carry them.
      return (q.flow !== 0 ? q.flow : v4) | q.ecn | q.tcp | q.opt;
    });
}

function window(): fc.Arbitrary<WindowSize> {
  return fc.oneof(
    fc.constant<WindowSize>({ kind: 'any' }),
    fc.constantFrom(0, 1024, 5840, 8192, 14600, 29200, 65535, 5003).map((value): WindowSize => ({ kind: 'value', value })),
    fc.constantFrom(2, 512, 1024, 8192).map((divisor): WindowSize => ({ kind: 'mod', divisor })),
    fc.constantFrom(1, 2, 4, 10, 20, 44).map((multiplier): WindowSize => ({ kind: 'mss', multiplier })),
    fc.constantFrom(1, 2, 4, 10).map((multiplier): WindowSize => ({ kind: 'mtu', multiplier })),
  );
}

function signature(direction: Direction): fc.Arbitrary<Omit<TcpSignature, 'line' | 'labelId'>> {
  return fc.tuple(fc.constantFrom<SignatureIpVersion>(4, 6, 'any'), fc.constantFrom(...LAYOUTS)).chain(([ipVersion, [layout, eolPad]]) =>
    fc.record({
      direction: fc.constant(direction),
      ipVersion: fc.constant(ipVersion),
      generic: fc.boolean(),
      classId: fc.integer({ min: -1, max: CLASSES.length - 1 }),
      nameId: fc.integer({ min: 0, max: NAMES.length - 1 }),
      flavor: fc.constantFrom(null, '2.6.x', '7 or 8'),
      sys: fc.constant([]),
      ttl: fc.constantFrom(32, 64, 64, 128, 255, 60),
      badTtl: fc.constantFrom(false, false, false, true),
      ipOptionLength: ipVersion === 4 ? fc.constantFrom(0, 0, 0, 4, 8) : fc.constant(0),
      mss: layout.includes(2) ? fc.constantFrom(-1, -1, 1460, 536, 1380) : fc.constantFrom(-1, 0),
      window: window(),
      windowScale: layout.includes(3) ? fc.constantFrom(-1, 0, 2, 7, 14) : fc.constantFrom(-1, 0),
      layout: fc.constant(layout),
      eolPad: fc.constant(eolPad),
      quirks: quirks(ipVersion, direction, layout, eolPad),
      payloadClass: fc.constantFrom<PayloadClass>(-1, 0, 0, 1),
    }),
  );
}

/** Line numbers follow tcpDatabaseText's layout only loosely; reload the printed text for exact ones. */
export function realisableDatabaseArbitrary(maxPerDirection = 16): fc.Arbitrary<SignatureDatabase> {
  return fc
    .record({
      request: fc.array(signature('request'), { maxLength: maxPerDirection }),
      response: fc.array(signature('response'), { maxLength: maxPerDirection }),
      // MTUs the synthesised MSS values produce (MSS + 40 / + 60), sometimes twice.
      mtu: fc.array(fc.record({ mtu: fc.constantFrom(1500, 1420, 576, 1520, 1440, 1400), label: fc.constantFrom('Ethernet', 'Tunnel', 'Odd link') }), { maxLength: 5 }),
    })
    .map(({ request, response, mtu }) => {
      let n = 0;
      const place = (sig: Omit<TcpSignature, 'line' | 'labelId'>): TcpSignature => ({ ...sig, labelId: ++n, line: n * 3 });
      const tcpRequest = request.map(place);
      const tcpResponse = response.map(place);
      return {
        source: { file: 'realisable.fp', sha256: '0'.repeat(64) },
        signatureCount: tcpRequest.length + tcpResponse.length + mtu.length,
        classes: [...CLASSES],
        names: [...NAMES],
        tcpRequest,
        tcpResponse,
        mtu: mtu.map((m, i) => ({ ...m, line: 1000 + i })),
        httpRequest: [],
        httpResponse: [],
        uaOs: [],
      };
    });
}
