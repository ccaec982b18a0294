/**
 * The p0f 3.09b API wire format: 21-byte queries in, 232-byte responses out.
 * Multi-byte fields are in host byte order on the reference (little-endian amd64),
 * so they are written little-endian here regardless of the machine we run on.
 */

export const API_QUERY_MAGIC = 0x50304601;
export const API_RESPONSE_MAGIC = 0x50304602;
export const API_QUERY_SIZE = 21;
export const API_RESPONSE_SIZE = 232;
/** Every string field is a 32-byte `strncpy` target. */
export const API_STRING_SIZE = 32;

export const ApiStatus = {
  badQuery: 0x00,
  ok: 0x10,
  noMatch: 0x20,
} as const;
export type ApiStatusCode = (typeof ApiStatus)[keyof typeof ApiStatus];

/** What a query turned out to be; bad ones carry what p0f needs for its warning. */
export type ApiQuery =
  | { readonly kind: 'lookup'; readonly ipVersion: 4 | 6; readonly address: Uint8Array }
  | { readonly kind: 'bad-magic'; readonly magic: number }
  | { readonly kind: 'bad-address-type'; readonly addressType: number };

/**
 * The facts a response reports about one host, independent of how host state is stored.
 * Numbers are taken modulo 2^32 (or 2^8) as the C struct would; null strings are empty.
 */
export interface ApiHostView {
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly totalConnections: number;
  readonly uptimeMinutes: number;
  readonly upModDays: number;
  readonly lastNat: number;
  readonly lastChange: number;
  /** The host's unsigned 8-bit distance; 255 = unknown (p0f copies it into a signed 16-bit field). */
  readonly distance: number;
  readonly badSoftware: number;
  readonly osMatchQuality: number;
  readonly osName: string | null;
  readonly osFlavor: string | null;
  readonly httpName: string | null;
  readonly httpFlavor: string | null;
  readonly linkType: string | null;
  readonly language: string | null;
}

/** Decodes the 21-byte query starting at `offset` (the caller guarantees 21 bytes are there). */
export function decodeApiQuery(bytes: Uint8Array, offset = 0): ApiQuery {
  const magic = readU32le(bytes, offset);
  if (magic !== API_QUERY_MAGIC) return { kind: 'bad-magic', magic };
  const addressType = bytes[offset + 4];
  if (addressType === 4) {
    return { kind: 'lookup', ipVersion: 4, address: bytes.slice(offset + 5, offset + 9) };
  }
  if (addressType === 6) {
    return { kind: 'lookup', ipVersion: 6, address: bytes.slice(offset + 5, offset + 21) };
  }
  return { kind: 'bad-address-type', addressType };
}

/** Builds a query the way p0f-client does; for tests and the benchmark. */
export function encodeApiQuery(ipVersion: 4 | 6, address: Uint8Array, out: Uint8Array = new Uint8Array(API_QUERY_SIZE)): Uint8Array {
  out.fill(0, 0, API_QUERY_SIZE);
  writeU32le(out, 0, API_QUERY_MAGIC);
  out[4] = ipVersion;
  out.set(address.subarray(0, ipVersion === 4 ? 4 : 16), 5);
  return out;
}

/**
 * p0f's warning text for a bad query (without the `[!] WARNING: ` prefix), or null.
 * The unknown-type message ends in a newline in p0f, which gives an extra blank line.
 */
export function apiQueryWarning(query: ApiQuery): string | null {
  switch (query.kind) {
    case 'lookup':
      return null;
    case 'bad-magic':
      return `Query with bad magic (0x${query.magic.toString(16)}).`;
    case 'bad-address-type':
      return `Query with unknown address type ${query.addressType}.\n`;
  }
}

/**
 * Fills `out` (at least 232 bytes) with a complete response. Status `ok` needs a host;
 * bad-query and no-match responses are the magic, the status and zeros, as in p0f.
 */
export function encodeApiResponse(status: ApiStatusCode, host: ApiHostView | null, out: Uint8Array = new Uint8Array(API_RESPONSE_SIZE)): Uint8Array {
  out.fill(0, 0, API_RESPONSE_SIZE);
  writeU32le(out, 0, API_RESPONSE_MAGIC);
  writeU32le(out, 4, status);
  if (status !== ApiStatus.ok || host === null) return out;
  writeU32le(out, 8, host.firstSeen);
  writeU32le(out, 12, host.lastSeen);
  writeU32le(out, 16, host.totalConnections);
  writeU32le(out, 20, host.uptimeMinutes);
  writeU32le(out, 24, host.upModDays);
  writeU32le(out, 28, host.lastNat);
  writeU32le(out, 32, host.lastChange);
  // u8 → s16: the value is copied as is, so "unknown" reads back as 255, not -1.
  const distance = host.distance & 0xff;
  out[36] = distance;
  out[37] = 0;
  out[38] = host.badSoftware & 0xff;
  out[39] = host.osMatchQuality & 0xff;
  writeApiString(out, 40, host.osName);
  writeApiString(out, 72, host.osFlavor);
  writeApiString(out, 104, host.httpName);
  writeApiString(out, 136, host.httpFlavor);
  writeApiString(out, 168, host.linkType);
  writeApiString(out, 200, host.language);
  return out;
}

/** The decoded form of a response; what a client sees. */
export interface ApiResponse {
  readonly magic: number;
  readonly status: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly totalConnections: number;
  readonly uptimeMinutes: number;
  readonly upModDays: number;
  readonly lastNat: number;
  readonly lastChange: number;
  /** Signed 16-bit, as a C client reads it. */
  readonly distance: number;
  readonly badSoftware: number;
  readonly osMatchQuality: number;
  readonly osName: string;
  readonly osFlavor: string;
  readonly httpName: string;
  readonly httpFlavor: string;
  readonly linkType: string;
  readonly language: string;
}

export function decodeApiResponse(bytes: Uint8Array, offset = 0): ApiResponse {
  const s16 = bytes[offset + 36] | (bytes[offset + 37] << 8);
  return {
    magic: readU32le(bytes, offset),
    status: readU32le(bytes, offset + 4),
    firstSeen: readU32le(bytes, offset + 8),
    lastSeen: readU32le(bytes, offset + 12),
    totalConnections: readU32le(bytes, offset + 16),
    uptimeMinutes: readU32le(bytes, offset + 20),
    upModDays: readU32le(bytes, offset + 24),
    lastNat: readU32le(bytes, offset + 28),
    lastChange: readU32le(bytes, offset + 32),
    distance: s16 >= 0x8000 ? s16 - 0x10000 : s16,
    badSoftware: bytes[offset + 38],
    osMatchQuality: bytes[offset + 39],
    osName: readApiString(bytes, offset + 40),
    osFlavor: readApiString(bytes, offset + 72),
    httpName: readApiString(bytes, offset + 104),
    httpFlavor: readApiString(bytes, offset + 136),
    linkType: readApiString(bytes, offset + 168),
    language: readApiString(bytes, offset + 200),
  };
}

/**
 * `strncpy(dst, src, 32)`: NUL-padded when shorter, all 32 bytes and no NUL when longer.
 * Names come from the database text; latin1 keeps each original byte as one char.
 */
function writeApiString(out: Uint8Array, offset: number, text: string | null): void {
  if (text === null) return;
  const n = Math.min(text.length, API_STRING_SIZE);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // strncpy stops at the first NUL; the rest stays zero.
    if (c === 0) return;
    out[offset + i] = c & 0xff;
  }
}

function readApiString(bytes: Uint8Array, offset: number): string {
  let text = '';
  for (let i = 0; i < API_STRING_SIZE; i++) {
    const c = bytes[offset + i];
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  return text;
}

function readU32le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

function writeU32le(out: Uint8Array, offset: number, value: number): void {
  const v = value >>> 0;
  out[offset] = v & 0xff;
  out[offset + 1] = (v >>> 8) & 0xff;
  out[offset + 2] = (v >>> 16) & 0xff;
  out[offset + 3] = (v >>> 24) & 0xff;
}
