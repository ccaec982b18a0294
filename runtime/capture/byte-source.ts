import { closeSync, fstatSync, readSync } from 'node:fs';

/** For a short synchronous wait when a non-blocking pipe has nothing yet. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * A sliding window over a file (read in large chunks with readSync) or over bytes in memory.
 * Memory stays bounded by the chunk size plus the largest single block/record. A regular
 * file is read at explicit offsets; anything else (`-r /dev/stdin`, a FIFO, `<(zcat …)`)
 * cannot seek, so it is read in order and skipped data is read and dropped.
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

  private constructor(
    private readonly fd: number | null,
    initial: Uint8Array,
    private readonly chunkSize: number,
    /** Reads name their file offset (pread); false for sources that cannot seek. */
    private readonly positional: boolean,
  ) {
    this.buffer = initial;
    this.end = fd === null ? initial.length : 0;
    this.eof = fd === null;
  }

  static fromFile(fd: number, chunkSize = 4 << 20): ByteSource {
    let regular = true;
    try {
      regular = fstatSync(fd).isFile();
    } catch {
      // Unknown: offsets work for most things, and a failing read is reported as one.
    }
    return new ByteSource(fd, new Uint8Array(chunkSize), chunkSize, regular);
  }

  static fromBytes(bytes: Uint8Array): ByteSource {
    return new ByteSource(null, bytes, bytes.length, true);
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
      const got = this.read(this.fd, this.end, this.buffer.length - this.end);
      if (got <= 0) break;
      this.end += got;
    }
    return this.end - this.start >= n;
  }

  /**
   * Consumes `n` bytes, which may extend past what is buffered: skipped without reading
   * where the source can seek, read and dropped where it cannot.
   */
  skip(n: number): void {
    if (n <= this.end - this.start) {
      this.start += n;
      return;
    }
    let beyond = n - (this.end - this.start);
    this.base += this.end;
    this.start = 0;
    this.end = 0;
    if (this.positional || this.fd === null) {
      this.base += beyond;
      return;
    }
    while (beyond > 0) {
      const got = this.read(this.fd, 0, Math.min(beyond, this.buffer.length));
      if (got <= 0) return;
      beyond -= got;
      this.base += got;
    }
  }

  /** One read into `buffer[at..at+length)` at the file offset of `buffer[at]`; 0 marks the end. */
  private read(fd: number, at: number, length: number): number {
    for (;;) {
      try {
        const got = readSync(fd, this.buffer, at, length, this.positional ? this.base + at : null);
        if (got <= 0) this.eof = true;
        return got;
      } catch (e) {
        // A pipe left non-blocking by whoever opened it: wait for the writer, do not end.
        if (typeof e === 'object' && e !== null && 'code' in e && e.code === 'EAGAIN') {
          Atomics.wait(PAUSE, 0, 0, 1);
          continue;
        }
        this.readError = e instanceof Error ? e.message : String(e);
        this.eof = true;
        return 0;
      }
    }
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
