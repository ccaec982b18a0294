import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePcap, type PcapWriteRecord } from '../../../runtime/capture/pcap-writer.js';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { formatTcpRawSig } from '../../../runtime/fingerprint/raw-sig.js';
import { buildTcpPacket, tcpOpt, TcpFlag, wrapEthernet, type TcpOptionSpec, type TcpPacketSpec } from '../../../runtime/synth/packet-builder.js';
import { formatAddress } from './corpus-packets.js';
import { rawSigsByKey, runRealP0f } from './run-p0f.js';

/** Option bytes biased towards the interesting cases: real options, EOL padding, bad lengths, junk. */
const optionArb: fc.Arbitrary<TcpOptionSpec> = fc.oneof(
  fc.integer({ min: 0, max: 65535 }).map((v) => tcpOpt.mss(v)),
  fc.integer({ min: 0, max: 255 }).map((v) => tcpOpt.ws(v)),
  fc.constant(tcpOpt.sok()),
  fc.constant(tcpOpt.nop()),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => tcpOpt.ts(a % 3 === 0 ? 0 : a, b % 3 === 0 ? 0 : b)),
  fc.integer({ min: 1, max: 3 }).map((n) => tcpOpt.sack(Array.from({ length: n }, (_, i) => [i, i + 1] as const))),
  fc.integer({ min: 0, max: 8 }).map((pad) => tcpOpt.eolPad(pad)),
  fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => tcpOpt.bytes(b)),
  fc.tuple(fc.integer({ min: 6, max: 254 }), fc.uint8Array({ maxLength: 4 })).map(([k, d]) => tcpOpt.other(k, d)),
);

const synArb: fc.Arbitrary<Partial<TcpPacketSpec>> = fc.record({
  ipVersion: fc.constantFrom(4 as const, 4 as const, 6 as const),
  ttl: fc.integer({ min: 0, max: 255 }),
  tos: fc.integer({ min: 0, max: 255 }),
  df: fc.boolean(),
  ipId: fc.constantFrom(0, 1, 0xbeef),
  reservedFlag: fc.boolean(),
  flowLabel: fc.constantFrom(0, 0, 1),
  ipOptions: fc.constantFrom(0, 0, 4, 12),
  seq: fc.constantFrom(0, 1, 0x80000000),
  ack: fc.constantFrom(0, 1, 0x01000000, 0xff00ff00),
  extraFlags: fc.constantFrom(0, 0, TcpFlag.psh, TcpFlag.urg, TcpFlag.ece, TcpFlag.cwr, TcpFlag.ack),
  tcpReserved: fc.constantFrom(0, 0, 1, 2),
  window: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(0, 1337, 5840, 14600, 29200, 65535, 8192)),
  urgentPointer: fc.constantFrom(0, 0, 9),
  options: fc.array(optionArb, { maxLength: 10 }),
  payload: fc.constantFrom('', '', 'x'),
}).map(({ extraFlags, ...s }) => ({ ...s, flags: TcpFlag.syn | extraFlags }));

describe('property: random SYN / SYN+ACK packets get the raw_sig the real p0f prints', () => {
  it('agrees on 300 random packets (fixed seed)', () => {
    const samples = fc.sample(synArb, { numRuns: 300, seed: 3091 });
    const records: PcapWriteRecord[] = [];
    samples.forEach((s, i) => {
      // TCP options are capped at 40 bytes: drop trailing ones that do not fit.
      const options: TcpOptionSpec[] = [];
      let used = 0;
      for (const o of s.options ?? []) if (used + o.raw.length <= 40) { options.push(o); used += o.raw.length; }
      const v6 = s.ipVersion === 6;
      const src = v6 ? `2001:db8:1::${(i + 1).toString(16)}` : `10.9.${i >> 8}.${i & 0xff}`;
      const dst = v6 ? '2001:db8:2::1' : '10.10.0.1';
      const syn: TcpPacketSpec = { ...s, options, src, dst, srcPort: 10000 + i, dstPort: 80 };
      records.push({ seconds: 1_700_000_000 + i, microseconds: 0, data: wrapEthernet(buildTcpPacket(syn)) });
      // Half of the flows get a SYN+ACK built from the next sample.
      const next = samples[(i + 1) % samples.length];
      if (i % 2 === 0 && (syn.flags ?? 0) === TcpFlag.syn) {
        records.push({
          seconds: 1_700_000_000 + i, microseconds: 1,
          data: wrapEthernet(buildTcpPacket({ ...next, ipVersion: s.ipVersion, options: options.slice(0, 4), src: dst, dst: src, srcPort: 80, dstPort: 10000 + i, flags: TcpFlag.syn | TcpFlag.ack, ack: 5 })),
        });
      }
    });
    const oracle = rawSigsByKey(runRealP0f(writePcap(1, records)).logLines);
    expect(oracle.size).toBeGreaterThan(250);
    // The sample reaches the awkward corners, not just clean packets.
    const all = [...oracle.values()].join('\n');
    for (const q of ['bad', 'opt+', 'exws', 'ts1-', 'ts2+', 'ack+', 'eol+', '?', 'mss*']) expect({ q, seen: all.includes(q) }).toEqual({ q, seen: true });

    const d = new PacketDecoder({ compat: true });
    const out = new DecodedPacket();
    const ours = new Map<string, string>();
    const synMss = new Map<string, number>();
    for (const r of records) {
      const rec = { data: r.data, capturedLength: r.data.length, originalLength: r.data.length, seconds: r.seconds, microseconds: r.microseconds, linkType: 1 };
      if (d.decode(rec, out) !== 'ok') continue;
      const src = `${formatAddress(out.src, out.ipVersion)}/${out.srcPort}`;
      const dst = `${formatAddress(out.dst, out.ipVersion)}/${out.dstPort}`;
      if (out.tcpType === TcpFlag.syn) {
        synMss.set(`${src}|${dst}`, out.tcp.mss);
        ours.set(`syn|${src}|${dst}`, formatTcpRawSig(out.tcp, 0, false));
      } else if (out.tcpType === (TcpFlag.syn | TcpFlag.ack)) {
        ours.set(`syn+ack|${dst}|${src}`, formatTcpRawSig(out.tcp, synMss.get(`${dst}|${src}`) ?? 0, true));
      }
    }
    const mismatches = [...oracle].filter(([k, v]) => ours.get(k) !== v).map(([k, v]) => ({ k, p0f: v, ours: ours.get(k) }));
    expect(mismatches).toEqual([]);
  });
});
