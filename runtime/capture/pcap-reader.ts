import { ByteSource, readU16, readU32 } from './byte-source.js';
import { captureError, newCaptureRecord, type CaptureError, type CaptureReader, type CaptureRecord } from './capture-record.js';

const MAGIC_USEC = 0xa1b2c3d4;
const MAGIC_NSEC = 0xa1b23c4d;
/** Alexey Kuznetzov's patched format: 8 extra bytes per record header. */
const MAGIC_KUZNETZOV = 0xa1b2cd34;
/** libpcap's sanity limit on a record (its max_snaplen_for_dlt for ordinary link types). */
const MAX_SNAPLEN = 262144;
/** D-Bus captures may carry whole messages (libpcap allows 128 MiB for DLT_DBUS). */
const MAX_SNAPLEN_DBUS = 128 << 20;
const LINKTYPE_DBUS = 231;

export function isPcapMagic(magic: number): boolean {
  const swapped = swap32(magic);
  return [MAGIC_USEC, MAGIC_NSEC, MAGIC_KUZNETZOV].some((m) => m === magic || m === swapped);
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/**
 * Streaming reader for classic pcap files: both byte orders, micro- and nanosecond
 * timestamps (nanoseconds are truncated to microseconds, as libpcap delivers them to p0f).
 */
export class PcapReader implements CaptureReader {
  readonly format = 'pcap' as const;
  linkType = -1;
  snaplen = 0;
  /** The snapshot length libpcap applies: the header's, or the maximum when that is 0 or too large. */
  private snapshot = MAX_SNAPLEN;
  private maxRecord = MAX_SNAPLEN;
  /** pcap 2.3 and older may have caplen and len swapped (libpcap fixes them up the same way). */
  private lengthsSwapped: 'no' | 'maybe' | 'yes' = 'no';
  private littleEndian = true;
  private nanosecond = false;
  private recordHeaderLength = 16;
  private done = false;
  private readonly record: CaptureRecord = newCaptureRecord();
  /** Set when the file header is unusable; `openCaptureFile` reports it instead of a reader. */
  headerError: CaptureError | null = null;

  constructor(private readonly source: ByteSource, private readonly file: string) {
    this.readFileHeader();
  }

  private readFileHeader(): void {
    const src = this.source;
    if (!src.ensure(24)) {
      this.headerError = captureError(this.file, 0, src.endMessage(`truncated pcap file header: need 24 bytes, file has ${src.available}`));
      return;
    }
    const b = src.buffer;
    const s = src.start;
    const magicBe = ((b[s] << 24) | (b[s + 1] << 16) | (b[s + 2] << 8) | b[s + 3]) >>> 0;
    let magic: number;
    if (magicBe === MAGIC_USEC || magicBe === MAGIC_NSEC || magicBe === MAGIC_KUZNETZOV) {
      this.littleEndian = false;
      magic = magicBe;
    } else {
      magic = swap32(magicBe);
      if (magic !== MAGIC_USEC && magic !== MAGIC_NSEC && magic !== MAGIC_KUZNETZOV) {
        this.headerError = captureError(this.file, 0, `not a pcap file (magic 0x${magicBe.toString(16).padStart(8, '0')})`);
        return;
      }
    }
    this.nanosecond = magic === MAGIC_NSEC;
    if (magic === MAGIC_KUZNETZOV) this.recordHeaderLength = 24;
    const major = this.u16(s + 4);
    if (major !== 2) {
      this.headerError = captureError(this.file, 4, `unsupported pcap version ${major}.${this.u16(s + 6)} (expected 2.x)`);
      return;
    }
    const minor = this.u16(s + 6);
    if (minor < 3) this.lengthsSwapped = 'yes';
    else if (minor === 3) this.lengthsSwapped = 'maybe';
    this.snaplen = this.u32(s + 16);
    // The upper bits of the link-type field carry FCS information, not the type.
    this.linkType = this.u32(s + 20) & 0xffff;
    this.record.linkType = this.linkType;
    this.maxRecord = this.linkType === LINKTYPE_DBUS ? MAX_SNAPLEN_DBUS : MAX_SNAPLEN;
    this.snapshot = this.snaplen === 0 || this.snaplen > this.maxRecord ? this.maxRecord : this.snaplen;
    src.skip(24);
  }

  private u16(at: number): number {
    return readU16(this.source.buffer, at, this.littleEndian);
  }

  private u32(at: number): number {
    return readU32(this.source.buffer, at, this.littleEndian);
  }

  next(): CaptureRecord | null | CaptureError {
    if (this.done) return null;
    if (this.headerError) {
      this.done = true;
      return this.headerError;
    }
    const src = this.source;
    const hl = this.recordHeaderLength;
    if (!src.ensure(hl)) {
      this.done = true;
      if (src.available === 0) return null;
      return captureError(this.file, src.offset, src.endMessage(`truncated record header: need ${hl} bytes, file ends after ${src.available}`));
    }
    const h = src.start;
    let caplen = this.u32(h + 8);
    let wireLength = this.u32(h + 12);
    if (this.lengthsSwapped === 'yes' || (this.lengthsSwapped === 'maybe' && caplen > wireLength)) {
      const t = caplen;
      caplen = wireLength;
      wireLength = t;
    }
    if (caplen > this.maxRecord) {
      this.done = true;
      const limit = caplen > this.snapshot ? `snaplen of ${this.snapshot}` : `maximum of ${this.maxRecord}`;
      return captureError(this.file, src.offset, `invalid packet capture length ${caplen}, bigger than ${limit} (corrupt record header?)`);
    }
    if (!src.ensure(hl + caplen)) {
      this.done = true;
      return captureError(
        this.file,
        src.offset,
        src.endMessage(`truncated packet data: record says ${caplen} bytes, file ends after ${Math.max(0, src.available - hl)}`),
      );
    }
    const r = this.record;
    const at = src.start;
    r.seconds = this.u32(at);
    const frac = this.u32(at + 4);
    r.microseconds = this.nanosecond ? Math.floor(frac / 1000) : frac;
    // Like libpcap, keep only the file's snapshot length of an over-long record.
    const kept = caplen > this.snapshot ? this.snapshot : caplen;
    r.capturedLength = kept;
    r.originalLength = wireLength;
    // A constructed view is markedly cheaper than subarray() on V8.
    r.data = new Uint8Array(src.buffer.buffer, src.buffer.byteOffset + at + hl, kept);
    src.skip(hl + caplen);
    return r;
  }

  close(): void {
    this.source.close();
  }
}
