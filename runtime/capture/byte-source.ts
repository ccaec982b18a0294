import { closeSync, readSync } from 'node:fs';

/**
 * A sliding window over a file (read in large chunks with readSync) or over bytes in memory.
 * Memory stays bounded by the chunk size plus the largest single block/record.
 */
export class ByteSource {
  buffer: Uint8Array;
  /** Start of unread data in `buffer`. */
  start = 0;
  /** End of valid data in `buffer`. */
  end: number;
  /** File offset of buffer[0]. */
  private base = 0;
  private eof: boolean;
  /** Set when the operating system reported a read error (the data then ends there). */
  readError: string | null = null;

  private constructor(private readonly fd: number | null, initial: Uint8Array, private readonly chunkSize: number) {
    this.buffer = initial;
    this.end = fd === null ? initial.length : 0;
    this.eof = fd === null;
  }

  static fromFile(fd: number, chunkSize = 4 << 20): ByteSource {
    return new ByteSource(fd, new Uint8Array(chunkSize), chunkSize);
  }

  static fromBytes(bytes: Uint8Array): ByteSource {
    return new ByteSource(null, bytes, bytes.length);
  }

  /** File offset of the next unread byte. */
  get offset(): number {
    return this.base + this.start;
  }

  get available(): number {
    return this.end - this.start;
  }

  /**
   * Makes at least `n` unread bytes available in `buffer[start..]`, reading more if needed.
   * Returns false if the file ends first (then `available` says how many there are).
   * Invalidates views handed out earlier.
   */
  ensure(n: number): boolean {
    if (this.end - this.start >= n) return true;
    if (this.eof || this.fd === null) return false;
    const pending = this.end - this.start;
    if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.base += this.start;
      this.start = 0;
      this.end = pending;
    }
    if (n > this.buffer.length) {
      const grown = new Uint8Array(Math.max(n, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.end));
      this.buffer = grown;
    } else if (this.buffer.length > this.chunkSize * 4 && n <= this.chunkSize) {
      // A huge block grew the buffer once; shrink back so memory stays constant.
      const shrunk = new Uint8Array(this.chunkSize);
      shrunk.set(this.buffer.subarray(0, this.end));
      this.buffer = shrunk;
    }
    while (this.end < n) {
      let got: number;
      try {
        got = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, this.base + this.end);
      } catch (e) {
        this.readError = e instanceof Error ? e.message : String(e);
        got = 0;
      }
      if (got <= 0) {
        this.eof = true;
        break;
      }
      this.end += got;
    }
    return this.end - this.start >= n;
  }

  /** Consumes `n` bytes, which may extend past what is buffered (skipped without reading). */
  skip(n: number): void {
    if (n <= this.end - this.start) {
      this.start += n;
      return;
    }
    this.base += this.start + n;
    this.start = 0;
    this.end = 0;
  }

  /** Why the data ended early: the read error if there was one, else `truncated` (a cut-off file). */
  endMessage(truncated: string): string {
    return this.readError === null ? truncated : `read error: ${this.readError}`;
  }

  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
  }
}

/** Unsigned 16-bit field of a capture file in the file's byte order. */
export function readU16(b: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}

/** Unsigned 32-bit field of a capture file in the file's byte order. */
export function readU32(b: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
    : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
