/**
 * What the HTTP parser observed for one request or response header block: pure data,
 * in wire order, with values as latin1 strings (one char per byte) already cut at the
 * first NUL, because p0f treats header values as C strings.
 */
import type { Direction } from './tcp-types.js';

export interface HttpHeader {
  /** Exactly as on the wire (case kept). */
  readonly name: string;
  /** null = the line had nothing after the colon (and the blank skip). */
  readonly value: string | null;
}

export interface HttpObservation {
  readonly direction: Direction;
  /** 0 = HTTP/1.0 (or any HTTP/1.x other than 1.1), 1 = HTTP/1.1. */
  readonly version: 0 | 1;
  /** Every recorded header line, duplicates kept, in wire order. */
  readonly headers: readonly HttpHeader[];
  /** Last non-empty User-Agent (request) or Server (response); may be '' after NUL cutting. */
  readonly software: string | null;
  /** Last non-empty Accept-Language (requests only). */
  readonly language: string | null;
  /** A non-empty Via or X-Forwarded-For was seen. */
  readonly via: boolean;
  /** Parsed Date (responses only) as unsigned 32-bit seconds; 0 = none or unparsable. */
  readonly date: number;
  /** Whole seconds of the packet that completed the header block. */
  readonly receivedSeconds: number;
}

/** Builds an observation from a header list, deriving software/language/via the way p0f records them. */
export function observeHttpHeaders(
  direction: Direction,
  version: 0 | 1,
  headers: readonly HttpHeader[],
  receivedSeconds = 0,
  parseDate: (value: string) => number = () => 0,
): HttpObservation {
  let software: string | null = null;
  let language: string | null = null;
  let via = false;
  let date = 0;
  const request = direction === 'request';
  for (const h of headers) {
    if (h.value === null) continue;
    // Only the exact spellings count; the last non-empty occurrence wins.
    switch (h.name) {
      case 'User-Agent':
        if (request) software = h.value;
        break;
      case 'Server':
        if (!request) software = h.value;
        break;
      case 'Accept-Language':
        if (request) language = h.value;
        break;
      case 'Date':
        if (!request) date = parseDate(h.value);
        break;
      case 'Via':
      case 'X-Forwarded-For':
        via = true;
        break;
      default:
        break;
    }
  }
  return { direction, version, headers, software, language, via, date, receivedSeconds };
}
