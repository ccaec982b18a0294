/**
 * Builds raw IPv4/IPv6 TCP packets (no link header) from fields, for tests, fuzzers and benchmarks.
 * Everything p0f looks at is settable, including odd values (reserved bits, non-zero urgent pointer).
 */

export interface TcpOptionSpec {
  /** Option kind (0 = EOL, 1 = NOP, 2 = MSS, ...). */
  readonly kind: number;
  /** The complete option bytes as they go on the wire, kind and length included. */
  readonly raw: Uint8Array;
}

export const TcpFlag = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10, urg: 0x20, ece: 0x40, cwr: 0x80 } as const;

export interface TcpPacketSpec {
  readonly ipVersion?: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6; dotted / colon text is accepted too. */
  readonly src?: Uint8Array | string;
  readonly dst?: Uint8Array | string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** IPv4 TTL / IPv6 hop limit. */
  readonly ttl?: number;
  /** Full 8-bit TOS / traffic class (DSCP << 2 | ECN). Overrides dscp/ecn when given. */
  readonly tos?: number;
  readonly dscp?: number;
  /** 2-bit ECN field. */
  readonly ecn?: number;
  /** IPv4 only. */
  readonly df?: boolean;
  readonly ipId?: number;
  /** IPv4 reserved ("evil") bit 0x8000 of the fragment field. */
  readonly reservedFlag?: boolean;
  /** Fragment offset (8-byte units) and more-fragments flag, IPv4. */
  readonly fragmentOffset?: number;
  readonly moreFragments?: boolean;
  /** IPv6 flow label (20 bits). */
  readonly flowLabel?: number;
  /** IPv4 options length in bytes (multiple of 4, filled with NOPs) or explicit bytes. */
  readonly ipOptions?: number | Uint8Array;
  /** IP protocol number; 6 by default. */
  readonly protocol?: number;
  readonly seq?: number;
  readonly ack?: number;
  /** Bitwise OR of TcpFlag values; default SYN. */
  readonly flags?: number;
  /** The 4 reserved bits next to the data offset (p0f quirk "0+"-like checks use the low nibble of byte 12). */
  readonly tcpReserved?: number;
  readonly window?: number;
  readonly urgentPointer?: number;
  readonly options?: readonly TcpOptionSpec[];
  readonly payload?: Uint8Array | string;
  /** Override the TCP data offset (in 32-bit words), e.g. to make malformed packets. */
  readonly dataOffsetWords?: number;
  /** Override the IP total length / payload length field. */
  readonly ipLengthOverride?: number;
  /** Fill in IPv4 header and TCP checksums (default true). */
  readonly checksums?: boolean;
}

/** Helpers returning the wire form of each option. */
export const tcpOpt = {
  eol(): TcpOptionSpec { return { kind: 0, raw: Uint8Array.of(0) }; },
  /** EOL followed by `pad` zero bytes (p0f's eol+N). */
  eolPad(pad: number): TcpOptionSpec { return { kind: 0, raw: new Uint8Array(1 + pad) }; },
  nop(): TcpOptionSpec { return { kind: 1, raw: Uint8Array.of(1) }; },
  mss(value: number): TcpOptionSpec { return { kind: 2, raw: Uint8Array.of(2, 4, (value >>> 8) & 0xff, value & 0xff) }; },
  ws(shift: number): TcpOptionSpec { return { kind: 3, raw: Uint8Array.of(3, 3, shift & 0xff) }; },
  sok(): TcpOptionSpec { return { kind: 4, raw: Uint8Array.of(4, 2) }; },
  sack(blocks: readonly (readonly [number, number])[]): TcpOptionSpec {
    const raw = new Uint8Array(2 + blocks.length * 8);
    raw[0] = 5;
    raw[1] = raw.length;
    const dv = new DataView(raw.buffer);
    blocks.forEach(([l, r], i) => { dv.setUint32(2 + i * 8, l >>> 0); dv.setUint32(6 + i * 8, r >>> 0); });
    return { kind: 5, raw };
  },
  ts(tsval: number, tsecr: number): TcpOptionSpec {
    const raw = new Uint8Array(10);
    raw[0] = 8;
    raw[1] = 10;
    const dv = new DataView(raw.buffer);
    dv.setUint32(2, tsval >>> 0);
    dv.setUint32(6, tsecr >>> 0);
    return { kind: 8, raw };
  },
  /** Any option: kind, then length = 2 + data.length, then data. */
  other(kind: number, data: Uint8Array = new Uint8Array(0)): TcpOptionSpec {
    const raw = new Uint8Array(2 + data.length);
    raw[0] = kind;
    raw[1] = raw.length;
    raw.set(data, 2);
    return { kind, raw };
  },
  /** Arbitrary bytes, e.g. a malformed option with a bad length. */
  bytes(raw: Uint8Array): TcpOptionSpec { return { kind: raw[0] ?? 0, raw }; },
} as const;

export function parseIpv4Text(text: string): Uint8Array {
  const parts = text.split('.').map((p) => Number(p));
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = (parts[i] ?? 0) & 0xff;
  return out;
}

export function parseIpv6Text(text: string): Uint8Array {
  const out = new Uint8Array(16);
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined): number[] => (s ? s.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  for (let i = 0; i < 8; i++) {
    out[i * 2] = ((all[i] ?? 0) >>> 8) & 0xff;
    out[i * 2 + 1] = (all[i] ?? 0) & 0xff;
  }
  return out;
}

function address(value: Uint8Array | string | undefined, v6: boolean, fallback: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const text = value ?? fallback;
  return v6 ? parseIpv6Text(text) : parseIpv4Text(text);
}

function onesComplementSum(bytes: Uint8Array, start: number, end: number, initial: number): number {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if ((end - start) & 1) sum += bytes[end - 1] << 8;
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Returns the IP packet (IPv4 or IPv6 header, TCP header with options, payload). */
export function buildTcpPacket(spec: TcpPacketSpec): Uint8Array {
  const v6 = spec.ipVersion === 6;
  const src = address(spec.src, v6, v6 ? '2001:db8::1' : '192.0.2.1');
  const dst = address(spec.dst, v6, v6 ? '2001:db8::2' : '192.0.2.2');
  const payload = typeof spec.payload === 'string' ? new TextEncoder().encode(spec.payload) : spec.payload ?? new Uint8Array(0);

  let optLen = 0;
  for (const o of spec.options ?? []) optLen += o.raw.length;
  const optPadded = (optLen + 3) & ~3;
  const tcpHeaderLen = 20 + optPadded;

  const ipOpts = typeof spec.ipOptions === 'number' ? new Uint8Array(spec.ipOptions).fill(1) : spec.ipOptions ?? new Uint8Array(0);
  const ipHeaderLen = v6 ? 40 : 20 + ((ipOpts.length + 3) & ~3);
  const total = ipHeaderLen + tcpHeaderLen + payload.length;
  const pkt = new Uint8Array(total);
  const dv = new DataView(pkt.buffer);

  const tos = spec.tos ?? (((spec.dscp ?? 0) << 2) | ((spec.ecn ?? 0) & 3));
  const ttl = spec.ttl ?? 64;
  const proto = spec.protocol ?? 6;

  if (!v6) {
    pkt[0] = 0x40 | (ipHeaderLen >>> 2);
    pkt[1] = tos & 0xff;
    dv.setUint16(2, spec.ipLengthOverride ?? total);
    dv.setUint16(4, (spec.ipId ?? 0) & 0xffff);
    let frag = (spec.fragmentOffset ?? 0) & 0x1fff;
    if (spec.df ?? true) frag |= 0x4000;
    if (spec.moreFragments) frag |= 0x2000;
    if (spec.reservedFlag) frag |= 0x8000;
    dv.setUint16(6, frag);
    pkt[8] = ttl & 0xff;
    pkt[9] = proto;
    pkt.set(src.subarray(0, 4), 12);
    pkt.set(dst.subarray(0, 4), 16);
    pkt.set(ipOpts, 20);
    if (spec.checksums ?? true) dv.setUint16(10, fold(onesComplementSum(pkt, 0, ipHeaderLen, 0)));
  } else {
    dv.setUint32(0, (6 << 28) | ((tos & 0xff) << 20) | ((spec.flowLabel ?? 0) & 0xfffff));
    dv.setUint16(4, spec.ipLengthOverride ?? tcpHeaderLen + payload.length);
    pkt[6] = proto;
    pkt[7] = ttl & 0xff;
    pkt.set(src.subarray(0, 16), 8);
    pkt.set(dst.subarray(0, 16), 24);
  }

  const t = ipHeaderLen;
  dv.setUint16(t, (spec.srcPort ?? 40000) & 0xffff);
  dv.setUint16(t + 2, (spec.dstPort ?? 80) & 0xffff);
  dv.setUint32(t + 4, (spec.seq ?? 1) >>> 0);
  dv.setUint32(t + 8, (spec.ack ?? 0) >>> 0);
  pkt[t + 12] = (((spec.dataOffsetWords ?? tcpHeaderLen >>> 2) & 0xf) << 4) | ((spec.tcpReserved ?? 0) & 0xf);
  pkt[t + 13] = (spec.flags ?? TcpFlag.syn) & 0xff;
  dv.setUint16(t + 14, (spec.window ?? 65535) & 0xffff);
  dv.setUint16(t + 18, (spec.urgentPointer ?? 0) & 0xffff);
  let o = t + 20;
  for (const opt of spec.options ?? []) {
    pkt.set(opt.raw, o);
    o += opt.raw.length;
  }
  // Padding after the options stays zero (EOL), as real stacks do.
  pkt.set(payload, t + tcpHeaderLen);

  if (spec.checksums ?? true) {
    const tcpLen = tcpHeaderLen + payload.length;
    let pseudo = onesComplementSum(src, 0, src.length, 0);
    pseudo = onesComplementSum(dst, 0, dst.length, pseudo);
    pseudo += proto + tcpLen;
    dv.setUint16(t + 16, fold(onesComplementSum(pkt, t, total, pseudo)));
  }
  return pkt;
}

/** Ethernet II header (14 bytes) around an IP packet; optional 802.1Q tags (outermost first). */
export function wrapEthernet(ipPacket: Uint8Array, options: { vlanIds?: readonly number[]; vlanTpid?: number } = {}): Uint8Array {
  const vlans = options.vlanIds ?? [];
  const out = new Uint8Array(14 + vlans.length * 4 + ipPacket.length);
  const dv = new DataView(out.buffer);
  out.set([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1], 0);
  let o = 12;
  for (let i = 0; i < vlans.length; i++) {
    dv.setUint16(o, i === 0 && vlans.length > 1 ? options.vlanTpid ?? 0x88a8 : 0x8100);
    dv.setUint16(o + 2, vlans[i] & 0x0fff);
    o += 4;
  }
  dv.setUint16(o, (ipPacket[0] >>> 4) === 6 ? 0x86dd : 0x0800);
  out.set(ipPacket, o + 2);
  return out;
}
