import { ByteSource, readU16, readU32 } from './byte-source.js';
import { captureError, newCaptureRecord, type CaptureError, type CaptureReader, type CaptureRecord, type LibpcapStop } from './capture-record.js';

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_OPB = 0x00000002;
const BLOCK_SPB = 0x00000003;
const BLOCK_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const MAX_BLOCK = 64 << 20;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;
/**
 * libpcap's snapshot length for an interface that states none (0) or an absurd one. libpcap
 * allows more for a few link types (D-Bus, USBPcap, EBHSCR) on which p0f's filter never
 * compiles, so p0f never reads past their first interface anyway.
 */
const LIBPCAP_MAX_SNAPLEN = 262144;
const INT_MAX = 0x7fffffff;

/** The snapshot length libpcap compares interfaces by. */
function libpcapSnapshot(snaplen: number): number {
  return snaplen === 0 || snaplen > INT_MAX ? LIBPCAP_MAX_SNAPLEN : snaplen;
}

interface PcapngInterface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (must fit 32 bits for the exact split below). */
  unitsPerSecond: number;
  /** Whole seconds added to every timestamp (if_tsoffset). */
  offsetSeconds: number;
}

/**
 * Streaming pcapng reader: any number of sections (each with its own byte order) and
 * interfaces (each with its own link type and timestamp resolution); EPB, SPB and the
 * obsolete OPB carry packets, every other block is skipped. It also notes where libpcap
 * would stop (libpcapStop) without stopping there.
 */
export class PcapngReader implements CaptureReader {
  readonly format = 'pcapng' as const;
  linkType = -1;
  libpcapStop: LibpcapStop | null = null;
  /** The first interface's snapshot length as libpcap adjusts it. */
  private firstSnapshot = -1;
  private littleEndian = true;
  private interfaces: PcapngInterface[] = [];
  private done = false;
  private readonly record: CaptureRecord = newCaptureRecord();

  constructor(private readonly source: ByteSource, private readonly file: string) {}

  private u16(at: number): number {
    return readU16(this.source.buffer, at, this.littleEndian);
  }

  private u32(at: number): number {
    return readU32(this.source.buffer, at, this.littleEndian);
  }

  private fail(offset: number, message: string): CaptureError {
    this.done = true;
    return captureError(this.file, offset, message);
  }

  next(): CaptureRecord | null | CaptureError {
    const src = this.source;
    while (!this.done) {
      if (!src.ensure(8)) {
        this.done = true;
        if (src.available === 0) return null;
        return captureError(this.file, src.offset, src.endMessage(`truncated block header: need 8 bytes, file ends after ${src.available}`));
      }
      const blockOffset = src.offset;
      const type = this.u32(src.start);
      if (type === BLOCK_SHB) {
        // The section's byte order is only known from the magic after the length.
        if (!src.ensure(12)) return this.fail(blockOffset, src.endMessage('truncated section header block'));
        const b = src.buffer;
        const m = src.start + 8;
        const magicLe = (b[m] | (b[m + 1] << 8) | (b[m + 2] << 16) | (b[m + 3] << 24)) >>> 0;
        const magicBe = ((b[m] << 24) | (b[m + 1] << 16) | (b[m + 2] << 8) | b[m + 3]) >>> 0;
        if (magicLe === BYTE_ORDER_MAGIC) this.littleEndian = true;
        else if (magicBe === BYTE_ORDER_MAGIC) this.littleEndian = false;
        else return this.fail(blockOffset + 8, `bad byte-order magic 0x${magicBe.toString(16).padStart(8, '0')} in section header block`);
        this.interfaces = [];
      } else if (blockOffset === 0) {
        return this.fail(0, 'not a pcapng file: first block is not a section header block');
      }
      const length = this.u32(src.start + 4);
      if (length < 12 || length % 4 !== 0) {
        return this.fail(blockOffset + 4, `invalid block length ${length} (block type 0x${type.toString(16)}; must be a multiple of 4 and at least 12)`);
      }
      if (length > MAX_BLOCK) return this.fail(blockOffset + 4, `block length ${length} is implausibly large (corrupt file?)`);
      if (type !== BLOCK_SHB && type !== BLOCK_IDB && type !== BLOCK_EPB && type !== BLOCK_SPB && type !== BLOCK_OPB) {
        if (!src.ensure(length)) {
          return this.fail(blockOffset, src.endMessage(`truncated block: block of ${length} bytes, file ends after ${src.available}`));
        }
        src.skip(length);
        continue;
      }
      if (!src.ensure(length)) {
        return this.fail(blockOffset, src.endMessage(`truncated block: block of ${length} bytes, file ends after ${src.available}`));
      }
      const s = src.start;
      if (this.u32(s + length - 4) !== length) {
        return this.fail(blockOffset + length - 4, `block length mismatch: header says ${length}, trailer says ${this.u32(s + length - 4)}`);
      }
      const bodyEnd = s + length - 4;
      if (type === BLOCK_SHB) {
        if (length < 28) return this.fail(blockOffset, `section header block too short (${length} bytes)`);
        const major = this.u16(s + 12);
        if (major !== 1) return this.fail(blockOffset + 12, `unsupported pcapng version ${major}.${this.u16(s + 14)}`);
        src.skip(length);
        continue;
      }
      if (type === BLOCK_IDB) {
        if (length < 20) return this.fail(blockOffset, `interface description block too short (${length} bytes)`);
        const iface: PcapngInterface = { linkType: this.u16(s + 8), snaplen: this.u32(s + 12), unitsPerSecond: 1_000_000, offsetSeconds: 0 };
        // Before the options: libpcap compares the fixed fields first, so a foreign interface
        // with bad options is still a clean stop for it.
        this.noteInterface(iface, blockOffset);
        const err = this.readInterfaceOptions(iface, s + 16, bodyEnd, blockOffset);
        if (err) return err;
        this.interfaces.push(iface);
        src.skip(length);
        continue;
      }
      const r = this.record;
      let iface: PcapngInterface | undefined;
      let dataStart: number;
      let caplen: number;
      if (type === BLOCK_SPB) {
        if (length < 16) return this.fail(blockOffset, `simple packet block too short (${length} bytes)`);
        iface = this.interfaces[0];
        if (!iface) return this.fail(blockOffset, 'simple packet block before any interface description block');
        r.originalLength = this.u32(s + 8);
        caplen = Math.min(r.originalLength, length - 16);
        if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
        dataStart = s + 12;
        // SPBs carry no timestamp.
        r.seconds = 0;
        r.microseconds = 0;
      } else {
        if (length < 32) return this.fail(blockOffset, `packet block too short (${length} bytes)`);
        const ifId = type === BLOCK_OPB ? this.u16(s + 8) : this.u32(s + 8);
        iface = this.interfaces[ifId];
        if (!iface) return this.fail(blockOffset + 8, `packet block refers to interface ${ifId}, but only ${this.interfaces.length} are described`);
        caplen = this.u32(s + 20);
        r.originalLength = this.u32(s + 24);
        dataStart = s + 28;
        if (dataStart + caplen > bodyEnd) {
          return this.fail(blockOffset + 20, `captured length ${caplen} does not fit in a block of ${length} bytes`);
        }
        // libpcap rejects these too (a snaplen of 0 means "no limit").
        if (iface.snaplen !== 0 && caplen > iface.snaplen) {
          return this.fail(blockOffset + 20, `invalid packet capture length ${caplen}, bigger than snaplen of ${iface.snaplen}`);
        }
        this.splitTimestamp(this.u32(s + 12), this.u32(s + 16), iface);
      }
      r.capturedLength = caplen;
      r.linkType = iface.linkType;
      r.data = new Uint8Array(src.buffer.buffer, src.buffer.byteOffset + dataStart, caplen);
      src.skip(length);
      return r;
    }
    return null;
  }

  /** The first interface of the file sets what libpcap accepts; the first other one is its stop. */
  private noteInterface(iface: PcapngInterface, blockOffset: number): void {
    const snapshot = libpcapSnapshot(iface.snaplen);
    if (this.linkType < 0) {
      this.linkType = iface.linkType;
      this.firstSnapshot = snapshot;
    } else if (this.libpcapStop === null) {
      if (iface.linkType !== this.linkType) {
        this.libpcapStop = { offset: blockOffset, message: `an interface has a type ${iface.linkType} different from the type of the first interface` };
      } else if (snapshot !== this.firstSnapshot) {
        this.libpcapStop = { offset: blockOffset, message: `an interface has a snapshot length ${iface.snaplen} different from the snapshot length of the first interface` };
      }
    }
  }

  private readInterfaceOptions(iface: PcapngInterface, start: number, end: number, blockOffset: number): CaptureError | null {
    const b = this.source.buffer;
    let p = start;
    while (p + 4 <= end) {
      const code = this.u16(p);
      const len = this.u16(p + 2);
      if (code === OPT_END) break;
      if (p + 4 + len > end) return this.fail(blockOffset, `interface option ${code} overruns its block`);
      if (code === OPT_IF_TSRESOL && len >= 1) {
        const v = b[p + 4];
        const exp = v & 0x7f;
        const units = v & 0x80 ? 2 ** exp : 10 ** exp;
        // Resolutions finer than 2^-32 s cannot be split exactly here; such files do not occur in practice.
        if (units > 0xffffffff || units < 1) return this.fail(blockOffset, `unsupported timestamp resolution option 0x${v.toString(16)}`);
        iface.unitsPerSecond = units;
      } else if (code === OPT_IF_TSOFFSET && len >= 8) {
        const hi = this.u32(p + 4);
        const lo = this.u32(p + 8);
        iface.offsetSeconds = this.littleEndian ? this.u32(p + 4) + this.u32(p + 8) * 2 ** 32 : hi * 2 ** 32 + lo;
      }
      p += 4 + ((len + 3) & ~3);
    }
    return null;
  }

  /** Splits a 64-bit timestamp count into seconds + microseconds without BigInt (16-bit long division). */
  private splitTimestamp(high: number, low: number, iface: PcapngInterface): void {
    const u = iface.unitsPerSecond;
    let rem = 0;
    let q3 = 0;
    let q2 = 0;
    let q1 = 0;
    let q0 = 0;
    let cur = (high >>> 16) + rem * 65536;
    q3 = Math.floor(cur / u);
    rem = cur - q3 * u;
    cur = (high & 0xffff) + rem * 65536;
    q2 = Math.floor(cur / u);
    rem = cur - q2 * u;
    cur = (low >>> 16) + rem * 65536;
    q1 = Math.floor(cur / u);
    rem = cur - q1 * u;
    cur = (low & 0xffff) + rem * 65536;
    q0 = Math.floor(cur / u);
    rem = cur - q0 * u;
    const r = this.record;
    r.seconds = q3 * 2 ** 48 + q2 * 2 ** 32 + q1 * 65536 + q0 + iface.offsetSeconds;
    r.microseconds = Math.floor((rem * 1_000_000) / u);
  }

  close(): void {
    this.source.close();
  }
}
