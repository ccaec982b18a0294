import { describe, expect, it } from 'vitest';
import {
  API_RESPONSE_SIZE,
  ApiStatus,
  apiQueryWarning,
  decodeApiQuery,
  decodeApiResponse,
  encodeApiQuery,
  encodeApiResponse,
  type ApiHostView,
} from '../../../runtime/api/api-wire.js';

const host: ApiHostView = {
  firstSeen: 1700000000,
  lastSeen: 1700000001,
  totalConnections: 1,
  uptimeMinutes: 66,
  upModDays: 198,
  lastNat: 0,
  lastChange: 0,
  distance: 4,
  badSoftware: 0,
  osMatchQuality: 0,
  osName: 'Linux',
  osFlavor: '3.11 and newer',
  httpName: null,
  httpFlavor: null,
  linkType: 'Ethernet or modem',
  language: null,
};

describe('decodeApiQuery', () => {
  it('reads the little-endian magic, the type and the network-order address', () => {
    const bytes = Uint8Array.from([0x01, 0x46, 0x30, 0x50, 4, 10, 0, 0, 1, ...new Array<number>(12).fill(0xee)]);
    const query = decodeApiQuery(bytes);
    expect(query).toEqual({ kind: 'lookup', ipVersion: 4, address: Uint8Array.from([10, 0, 0, 1]) });
  });

  it('takes all 16 bytes for IPv6', () => {
    const address = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const query = decodeApiQuery(encodeApiQuery(6, address));
    expect(query).toEqual({ kind: 'lookup', ipVersion: 6, address });
  });

  it('reports a big-endian magic as bad magic with p0f wording', () => {
    const bytes = Uint8Array.from([0x50, 0x30, 0x46, 0x01, 4, ...new Array<number>(16).fill(0)]);
    const query = decodeApiQuery(bytes);
    expect(query).toEqual({ kind: 'bad-magic', magic: 0x01463050 });
    expect(apiQueryWarning(query)).toBe('Query with bad magic (0x1463050).');
  });

  it('reports other address types with the trailing newline p0f prints', () => {
    const bytes = encodeApiQuery(4, Uint8Array.from([1, 2, 3, 4]));
    bytes[4] = 5;
    const query = decodeApiQuery(bytes);
    expect(query).toEqual({ kind: 'bad-address-type', addressType: 5 });
    expect(apiQueryWarning(query)).toBe('Query with unknown address type 5.\n');
  });

  it('decodes a query at an offset inside a larger buffer', () => {
    const bytes = new Uint8Array(50);
    bytes.set(encodeApiQuery(4, Uint8Array.from([192, 168, 1, 10])), 29);
    expect(decodeApiQuery(bytes, 29)).toEqual({ kind: 'lookup', ipVersion: 4, address: Uint8Array.from([192, 168, 1, 10]) });
  });
});

describe('encodeApiResponse', () => {
  it('lays out every field at the offsets of api.h, little-endian', () => {
    const out = encodeApiResponse(ApiStatus.ok, host);
    expect(out.length).toBe(API_RESPONSE_SIZE);
    const view = Buffer.from(out);
    expect(view.readUInt32LE(0)).toBe(0x50304602);
    expect(view.readUInt32LE(4)).toBe(0x10);
    expect(view.readUInt32LE(8)).toBe(1700000000);
    expect(view.readUInt32LE(12)).toBe(1700000001);
    expect(view.readUInt32LE(16)).toBe(1);
    expect(view.readUInt32LE(20)).toBe(66);
    expect(view.readUInt32LE(24)).toBe(198);
    expect(view.readInt16LE(36)).toBe(4);
    expect(view.subarray(40, 45).toString('latin1')).toBe('Linux');
    expect(view[45]).toBe(0);
    expect(view.subarray(72, 86).toString('latin1')).toBe('3.11 and newer');
    expect(view.subarray(168, 185).toString('latin1')).toBe('Ethernet or modem');
    expect(view.subarray(104, 168).every((b) => b === 0)).toBe(true);
    expect(view.subarray(200, 232).every((b) => b === 0)).toBe(true);
  });

  it('writes an unknown distance as 255, not -1', () => {
    const out = Buffer.from(encodeApiResponse(ApiStatus.ok, { ...host, distance: 255 }));
    expect(out.readInt16LE(36)).toBe(255);
    expect(decodeApiResponse(out).distance).toBe(255);
  });

  it('fills all 32 bytes without a NUL for strings of 32 bytes or more (strncpy)', () => {
    const long = 'A'.repeat(31) + 'BCDEF';
    const out = Buffer.from(encodeApiResponse(ApiStatus.ok, { ...host, osName: long, osFlavor: 'x'.repeat(32) }));
    expect(out.subarray(40, 72).toString('latin1')).toBe('A'.repeat(31) + 'B');
    expect(out.subarray(72, 104).toString('latin1')).toBe('x'.repeat(32));
    // The next field starts right after, so a C reader would run on into it.
    expect(out[104]).toBe(0);
  });

  it('answers no-match and bad-query with the magic, the status and zeros', () => {
    for (const status of [ApiStatus.noMatch, ApiStatus.badQuery]) {
      const out = Buffer.from(encodeApiResponse(status, host));
      expect(out.readUInt32LE(0)).toBe(0x50304602);
      expect(out.readUInt32LE(4)).toBe(status);
      expect(out.subarray(8).every((b) => b === 0)).toBe(true);
    }
  });

  it('reuses a caller-supplied buffer and clears what an earlier answer left', () => {
    const out = new Uint8Array(API_RESPONSE_SIZE);
    encodeApiResponse(ApiStatus.ok, host, out);
    encodeApiResponse(ApiStatus.noMatch, null, out);
    expect(out.subarray(8).every((b) => b === 0)).toBe(true);
  });

  it('wraps counters to 32 bits as the C struct does', () => {
    const out = Buffer.from(encodeApiResponse(ApiStatus.ok, { ...host, totalConnections: 2 ** 32 + 5 }));
    expect(out.readUInt32LE(16)).toBe(5);
  });
});
