/** Types shared by the capture readers (pcap, pcapng, live). */

/**
 * One captured packet. Readers return the SAME object from every `next()` call;
 * `data` is a view that stays valid only until the following `next()`.
 */
export interface CaptureRecord {
  data: Uint8Array;
  capturedLength: number;
  originalLength: number;
  seconds: number;
  microseconds: number;
  /** The file's LINKTYPE for this packet's interface (pcap header or pcapng IDB). */
  linkType: number;
}

/** A problem with the capture file itself: what went wrong and at which byte offset. */
export interface CaptureError {
  readonly kind: 'capture-error';
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

/**
 * Where libpcap, and so p0f 3.09b, ends a pcapng file: an interface block whose link type,
 * or snapshot length as libpcap adjusts it, differs from the first interface's
 * (docs/deviations.md D6). libpcap reports an error there and p0f takes it for the end.
 */
export interface LibpcapStop {
  /** Byte offset of that interface description block. */
  readonly offset: number;
  /** libpcap's error text for it. */
  readonly message: string;
}

export interface CaptureReader {
  readonly format: 'pcap' | 'pcapng';
  /** Link type of the first interface (pcap: the file's), -1 if none seen yet. */
  readonly linkType: number;
  /**
   * Set once `next()` has read past the point where libpcap stops (pcapng only; a pcap
   * file has one link type). Whatever that call and later calls return lies beyond it:
   * readers go on reading, and compat callers end at the first call that sets it.
   */
  readonly libpcapStop?: LibpcapStop | null;
  /** The next record, `null` at a clean end of file, or an error (after which it returns null). */
  next(): CaptureRecord | null | CaptureError;
  close(): void;
}

export function newCaptureRecord(): CaptureRecord {
  return { data: new Uint8Array(0), capturedLength: 0, originalLength: 0, seconds: 0, microseconds: 0, linkType: -1 };
}

export function captureError(file: string, offset: number, message: string): CaptureError {
  return { kind: 'capture-error', file, offset, message };
}

export function isCaptureError(value: unknown): value is CaptureError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'capture-error';
}

/** Renders an error the way the CLI prints it. */
export function formatCaptureError(error: CaptureError): string {
  return `${error.file}: ${error.message} (at byte offset ${error.offset})`;
}
