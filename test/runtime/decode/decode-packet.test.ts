import { describe, expect, it } from 'vitest';
import { compileCaptureFilter, runBpf } from '../../../runtime/capture/bpf-filter.js';
import { writePcap, type PcapWriteRecord } from '../../../runtime/capture/pcap-writer.js';
import type { CaptureRecord } from '../../../runtime/capture/capture-record.js';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { formatTcpRawSig } from '../../../runtime/fingerprint/raw-sig.js';
import { buildTcpPacket, tcpOpt, TcpFlag, wrapEthernet, type TcpPacketSpec } from '../../../runtime/synth/packet-builder.js';
import { corpusCaptures, decodeCaptureSigs, formatAddress, oracleWarnings } from './corpus-packets.js';
import { rawSigsByKey, runRealP0f } from './run-p0f.js';

function recordOf(data: Uint8Array, linkType: number, seconds = 1_700_000_000): CaptureRecord {
  return { data, capturedLength: data.length, originalLength: data.length, seconds, microseconds: 0, linkType };
}

const SYN: TcpPacketSpec = {
  src: '10.1.0.1', dst: '10.2.0.1', srcPort: 40001, dstPort: 80, ipId: 0, window: 29200,
  options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(1000, 0), tcpOpt.nop(), tcpOpt.ws(7)],
};

describe('PacketDecoder on the corpus (compat)', () => {
  for (const capture of corpusCaptures()) {
    const name = capture.split('/').pop() ?? capture;
    it(`${name}: decodes without errors and warns exactly as p0f did`, () => {
      const decoded = decodeCaptureSigs(capture, true);
      expect(decoded.error).toBeNull();
      expect(decoded.packets).toBeGreaterThan(0);
      expect(decoded.warnings).toEqual(oracleWarnings(capture));
    });
  }
});

describe('PacketDecoder fields', () => {
  it('fills addresses, ports, sequence numbers, payload and the observation', () => {
    const ip = buildTcpPacket({ ...SYN, seq: 0x01020304, ack: 0, payload: 'hello', tos: 0x10 });
    const frame = wrapEthernet(ip);
    const out = new DecodedPacket();
    const record = { ...recordOf(frame, 1), microseconds: 987_654 };
    expect(new PacketDecoder({ compat: false }).decode(record, out)).toBe('ok');
    expect(formatAddress(out.src, 4)).toBe('10.1.0.1');
    expect(formatAddress(out.dst, 4)).toBe('10.2.0.1');
    expect([out.srcPort, out.dstPort, out.seq, out.tcpType, out.window]).toEqual([40001, 80, 0x01020304, TcpFlag.syn, 29200]);
    expect(Buffer.from(frame.subarray(out.payloadOffset, out.payloadOffset + out.payloadLength)).toString()).toBe('hello');
    expect(out.tcp.payloadClass).toBe(1);
    expect(out.tcp.tos).toBe(4);
    expect(out.tcp.mss).toBe(1460);
    expect(out.tcp.ts1).toBe(1000);
    expect(out.tcp.totalHeaderLength).toBe(20 + 40);
    expect(out.tcp.receivedMs).toBe(1_700_000_000_987);
  });

  it('clips to the IP total length and drops truncated captures, fragments, non-TCP', () => {
    const d = new PacketDecoder({ compat: true });
    const out = new DecodedPacket();
    const ip = buildTcpPacket(SYN);
    const padded = new Uint8Array(ip.length + 6);
    padded.set(ip);
    expect(d.decode(recordOf(padded, 101), out)).toBe('ok');
    expect(out.payloadLength).toBe(0);
    expect(d.decode(recordOf(ip.subarray(0, ip.length - 1), 101), out)).toBe('truncated');
    expect(d.decode(recordOf(buildTcpPacket({ ...SYN, moreFragments: true }), 101), out)).toBe('fragment');
    expect(d.decode(recordOf(buildTcpPacket({ ...SYN, protocol: 17 }), 101), out)).toBe('not-tcp');
    expect(d.decode(recordOf(buildTcpPacket({ ...SYN, flags: TcpFlag.syn | TcpFlag.fin }), 101), out)).toBe('bad-tcp-flags');
    expect(d.decode(recordOf(buildTcpPacket({ ...SYN, dataOffsetWords: 4 }), 101), out)).toBe('bad-tcp-header');
    expect(d.decode(recordOf(new Uint8Array(20), 101), out)).toBe('too-short');
  });

  it('never allocates a new DecodedPacket field object per packet', () => {
    const out = new DecodedPacket();
    const { src, dst, tcp } = out;
    const d = new PacketDecoder({ compat: true });
    d.decode(recordOf(buildTcpPacket(SYN), 101), out);
    d.decode(recordOf(buildTcpPacket({ ...SYN, ipVersion: 6, src: '2001:db8::5', dst: '2001:db8::6' }), 101), out);
    expect(out.src).toBe(src);
    expect(out.dst).toBe(dst);
    expect(out.tcp).toBe(tcp);
    expect(formatAddress(out.src, 6)).toBe('2001:db8:0:0:0:0:0:5');
  });
});

/** Frames p0f gets wrong at the link layer, and what the real p0f printed for them. */
describe('link-layer fixes (default) versus p0f (compat)', () => {
  const cases: { name: string; linkType: number; frame: (ip: Uint8Array) => Uint8Array }[] = [
    { name: '802.1Q VLAN on Ethernet', linkType: 1, frame: (ip) => wrapEthernet(ip, { vlanIds: [100] }) },
    { name: 'QinQ on Ethernet', linkType: 1, frame: (ip) => wrapEthernet(ip, { vlanIds: [100, 200] }) },
    { name: 'DLT_LOOP with its 4-byte header', linkType: 108, frame: (ip) => prefix(Uint8Array.of(0, 0, 0, 2), ip) },
    { name: 'PPP in HDLC framing (4-byte header)', linkType: 50, frame: (ip) => prefix(Uint8Array.of(0xff, 0x03, 0x00, 0x21), ip) },
    { name: '802.11 QoS data frame (26-byte MAC header + LLC/SNAP)', linkType: 105, frame: (ip) => prefix(wifiQosHeader(), ip) },
    { name: 'radiotap + 802.11 QoS data frame', linkType: 127, frame: (ip) => prefix(prefix(radiotapHeader(), wifiQosHeader()), ip) },
    { name: 'PFLOG with a 64-byte header (length 61, AF_INET)', linkType: 117, frame: (ip) => prefix(pflogHeader(), ip) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ip = buildTcpPacket({ ...SYN, ttl: 61 });
      const frame = c.frame(ip);
      const oracle = runRealP0f(writePcap(c.linkType, [{ seconds: 1_700_000_000, microseconds: 0, data: frame }]));
      // The real p0f prints nothing for these frames.
      expect(oracle.logLines.filter((l) => l.includes('mod=syn'))).toEqual([]);

      const compat = new PacketDecoder({ compat: true });
      const out = new DecodedPacket();
      const filter = compileCaptureFilter(c.linkType, null, true);
      expect(filter.ok).toBe(true);
      if (filter.ok && runBpf(filter.filter.program, frame, frame.length) !== 0) {
        expect(compat.decode(recordOf(frame, c.linkType), out)).not.toBe('ok');
      }
      expect(compat.takeWarnings().map((w) => w.message)).toEqual(oracle.warnings);

      const fixed = new PacketDecoder({ compat: false });
      expect(fixed.decode(recordOf(frame, c.linkType), out)).toBe('ok');
      // ...and what the fixed decoder sees is what p0f sees for the same packet without the bad header.
      const plain = runRealP0f(writePcap(101, [{ seconds: 1_700_000_000, microseconds: 0, data: ip }]));
      expect(formatTcpRawSig(out.tcp, 0, false)).toBe(rawSigsByKey(plain.logLines).get('syn|10.1.0.1/40001|10.2.0.1/80'));
    });
  }
});

/** 802.11 QoS data frame, to-DS, then LLC/SNAP with EtherType IPv4. */
function wifiQosHeader(): Uint8Array {
  const h = new Uint8Array(26 + 8);
  h[0] = 0x88; // type data, subtype QoS data
  h[1] = 0x01; // to DS
  h.set([0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 3], 4);
  h.set([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00], 26);
  return h;
}

/** Radiotap v0, 18 bytes: flags, rate, channel, antenna signal, rx flags. */
function radiotapHeader(): Uint8Array {
  const h = new Uint8Array(18);
  h[2] = 18; // length, little-endian
  h.set([0x2e, 0x48, 0x00, 0x00], 4); // present: flags, rate, channel, dbm antsignal, rx flags
  h[8] = 0; // flags: no FCS at the end
  h[9] = 0x0c; // 6 Mb/s
  h.set([0x6c, 0x09, 0xa0, 0x00], 10); // 2412 MHz, 2 GHz OFDM
  h[14] = 0xc4; // -60 dBm
  return h;
}

/** OpenBSD-style pfloghdr: length 61 (padded to 64), af 2, action pass, interface "em0". */
function pflogHeader(): Uint8Array {
  const h = new Uint8Array(64);
  h[0] = 61;
  h[1] = 2;
  h.set(new TextEncoder().encode('em0'), 4);
  h[60] = 1; // dir: in
  return h;
}

function prefix(head: Uint8Array, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

describe('link offset auto-detection (unknown link types)', () => {
  it('finds the IP header behind an unknown 20-byte header and keeps it', () => {
    const d = new PacketDecoder({ compat: true });
    const out = new DecodedPacket();
    const hdr = new Uint8Array(20).fill(0xee);
    expect(d.decode(recordOf(prefix(hdr, buildTcpPacket(SYN)), 276), out)).toBe('ok');
    expect(out.ipOffset).toBe(20);
    // Sticky: a later frame with a different header length is still read at 20.
    expect(d.decode(recordOf(prefix(new Uint8Array(8), buildTcpPacket(SYN)), 276), out)).not.toBe('ok');
    expect(d.takeWarnings()).toEqual([expect.objectContaining({ kind: 'unknown-packet-type' })]);
  });

  it('warns once when nothing looks like IP', () => {
    const d = new PacketDecoder({ compat: true });
    const out = new DecodedPacket();
    for (let i = 0; i < 3; i++) expect(d.decode(recordOf(new Uint8Array(80).fill(0x11), 999), out)).not.toBe('ok');
    expect(d.takeWarnings().map((w) => w.message)).toEqual([
      'Unable to find link-specific packet offset. This is bad.',
      'Unknown packet type 1, link detection issue?',
    ]);
    expect(d.takeWarnings()).toEqual([]);
  });
});

// Random SYN and SYN+ACK packets through the real p0f and through our decoder + raw_sig.
describe('differential: crafted SYN / SYN+ACK raw_sig equals the real p0f', () => {
  it('agrees on quirk, option and TTL edge cases', () => {
    const specs: TcpPacketSpec[] = [];
    const add = (s: Partial<TcpPacketSpec>): void => {
      specs.push({ ...SYN, ...s, src: `10.3.${specs.length >> 8}.${specs.length & 0xff}`, srcPort: 20000 + specs.length });
    };
    for (const ack of [1, 0x00010000, 0xfe000000, 0x01000000, 0xff000000, 0x03000000]) add({ ack });
    for (const ttl of [0, 1, 20, 57, 64, 90, 128, 192, 200, 255]) add({ ttl });
    for (const tos of [0x01, 0x02, 0x03, 0xff, 0x10]) add({ tos });
    add({ df: false, ipId: 0 });
    add({ df: false, ipId: 5 });
    add({ df: true, ipId: 5 });
    add({ reservedFlag: true });
    add({ seq: 0 });
    add({ flags: TcpFlag.syn | TcpFlag.urg, urgentPointer: 5 });
    add({ urgentPointer: 5 });
    add({ flags: TcpFlag.syn | TcpFlag.psh });
    add({ flags: TcpFlag.syn | TcpFlag.ece | TcpFlag.cwr });
    add({ tcpReserved: 1 });
    add({ tcpReserved: 0xe });
    add({ payload: 'data in the SYN' });
    add({ ipOptions: 20, window: 3216, options: [tcpOpt.mss(1000), tcpOpt.sok(), tcpOpt.nop(), tcpOpt.ws(7), tcpOpt.eolPad(1)] });
    add({ ipVersion: 6, src: undefined, flowLabel: 0x12345, ecn: 1 });
    add({ options: [tcpOpt.mss(1460), tcpOpt.eol(), tcpOpt.bytes(Uint8Array.of(0, 0, 1))] });
    add({ options: [tcpOpt.mss(1460), tcpOpt.eol(), tcpOpt.bytes(Uint8Array.of(0, 1, 0))] });
    add({ options: Array.from({ length: 40 }, () => tcpOpt.nop()) });
    add({ options: [tcpOpt.mss(1460), tcpOpt.bytes(Uint8Array.of(4, 3)), tcpOpt.eol()] });
    add({ options: [tcpOpt.bytes(Uint8Array.of(3, 2, 9)), tcpOpt.nop()] });
    add({ options: [tcpOpt.ws(15)] });
    add({ options: [tcpOpt.ws(14)] });
    add({ options: [tcpOpt.ts(0, 0)] });
    add({ options: [tcpOpt.ts(5, 7)] });
    add({ options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.bytes(Uint8Array.of(2, 4, 5))] });
    add({ options: [tcpOpt.mss(1460), tcpOpt.bytes(Uint8Array.of(30, 9))] });
    add({ options: [tcpOpt.mss(1460), tcpOpt.bytes(Uint8Array.of(5, 40, 1, 1))] });
    add({ options: [tcpOpt.mss(1460), tcpOpt.sack([[1, 2]]), tcpOpt.other(30, Uint8Array.of(1, 2))] });
    add({ options: [tcpOpt.bytes(Uint8Array.of(8, 10, 0, 0, 0, 1))] });
    add({ options: [tcpOpt.mss(1331)], window: 1337 });
    add({ window: 0 });
    add({ options: [tcpOpt.mss(99)], window: 990 });
    add({ options: [tcpOpt.mss(1460), tcpOpt.ts(9, 0)], window: 1448 * 4 });
    add({ options: [tcpOpt.mss(1400)], window: 1500 * 3 });

    const records: PcapWriteRecord[] = [];
    const expectedKeys: string[] = [];
    specs.forEach((s, i) => {
      records.push({ seconds: 1_700_000_000 + i, microseconds: 0, data: wrapEthernet(buildTcpPacket(s)) });
      // Answer every SYN so SYN+ACK handling (peer MSS, ts2+ only on pure SYN) is covered too.
      const reply = buildTcpPacket({
        ...s, src: s.dst, dst: s.src, srcPort: s.dstPort, dstPort: s.srcPort, flags: TcpFlag.syn | TcpFlag.ack, ack: 12345, seq: 999,
        window: 1440 * 10, options: [tcpOpt.mss(1440), tcpOpt.nop(), tcpOpt.ws(3), tcpOpt.ts(4, 5)], payload: undefined,
      });
      records.push({ seconds: 1_700_000_000 + i, microseconds: 500, data: wrapEthernet(reply) });
      expectedKeys.push(String(i));
    });
    const oracle = rawSigsByKey(runRealP0f(writePcap(1, records)).logLines);
    expect(oracle.size).toBeGreaterThan(specs.length);

    const d = new PacketDecoder({ compat: true });
    const out = new DecodedPacket();
    const ours = new Map<string, string>();
    const synMss = new Map<string, number>();
    for (const r of records) {
      if (d.decode(recordOf(r.data, 1, r.seconds), out) !== 'ok') continue;
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
