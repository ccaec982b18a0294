/** Writes a classic little-endian microsecond pcap file image (for tests, fuzzers and benchmarks). */

export interface PcapWriteRecord {
  readonly seconds: number;
  readonly microseconds: number;
  readonly data: Uint8Array;
  /** Wire length; defaults to data.length (set larger to model a snaplen cut). */
  readonly originalLength?: number;
}

export interface PcapWriteOptions {
  readonly snaplen?: number;
  /** Nanosecond-resolution magic (0xa1b23c4d); `microseconds` then holds nanoseconds. */
  readonly nanosecond?: boolean;
  readonly bigEndian?: boolean;
}

export const LinkType = { null: 0, ethernet: 1, ppp: 9, raw: 101, loop: 108, linuxSll: 113, ipv4: 228, ipv6: 229, pppHdlc: 50 } as const;

export function writePcap(linkType: number, records: readonly PcapWriteRecord[], options: PcapWriteOptions = {}): Uint8Array {
  let size = 24;
  for (const r of records) size += 16 + r.data.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  const le = !options.bigEndian;
  dv.setUint32(0, options.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, le);
  dv.setUint16(4, 2, le);
  dv.setUint16(6, 4, le);
  dv.setInt32(8, 0, le);
  dv.setUint32(12, 0, le);
  dv.setUint32(16, options.snaplen ?? 262144, le);
  dv.setUint32(20, linkType >>> 0, le);
  let o = 24;
  for (const r of records) {
    dv.setUint32(o, r.seconds >>> 0, le);
    dv.setUint32(o + 4, r.microseconds >>> 0, le);
    dv.setUint32(o + 8, r.data.length, le);
    dv.setUint32(o + 12, r.originalLength ?? r.data.length, le);
    out.set(r.data, o + 16);
    o += 16 + r.data.length;
  }
  return out;
}
