import fc from 'fast-check';
import { describe, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { buildTcpPacket, wrapEthernet } from '../../../runtime/synth/packet-builder.js';

const template = wrapEthernet(buildTcpPacket({ payload: 'abcdefgh' }));

/** Frames near a valid one (byte flips, cuts, length lies) plus pure noise, on several link types. */
const frameArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.integer({ min: 0, max: template.length })).map(([flips, cut]) => {
    const f = template.slice(0, cut);
    for (const [at, v] of flips) if (f.length > 0) f[at % f.length] = v;
    return f;
  }),
);

describe('PacketDecoder never throws and stays inside the record', () => {
  for (const compat of [true, false]) {
    it(`compat=${compat}`, () => {
      fc.assert(
        fc.property(frameArb, fc.constantFrom(0, 1, 50, 101, 105, 108, 113, 117, 127, 276, 9999), fc.integer({ min: 0, max: 300 }), (data, linkType, orig) => {
          const d = new PacketDecoder({ compat });
          const out = new DecodedPacket();
          const status = d.decode({ data, capturedLength: data.length, originalLength: orig, seconds: 1, microseconds: 2, linkType }, out);
          if (status !== 'ok') return true;
          return (
            out.payloadOffset + out.payloadLength <= data.length &&
            out.payloadLength >= 0 &&
            out.tcp.layoutLength <= 24 &&
            Number.isInteger(out.tcp.mss) && Number.isInteger(out.seq) && Number.isInteger(out.tcp.ts1) &&
            out.tcp.totalHeaderLength >= 40
          );
        }),
        { numRuns: 5000, seed: 42 },
      );
    });
  }
});
