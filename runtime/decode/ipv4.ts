import { QUIRK_BIT } from '../fingerprint/tcp-types.js';
import type { DecodedPacket, DecodeStatus } from './decoded-packet.js';

const Q_DF = QUIRK_BIT.df;
const Q_NZ_ID = QUIRK_BIT['id+'];
const Q_ZERO_ID = QUIRK_BIT['id-'];
const Q_ECN = QUIRK_BIT.ecn;
const Q_NZ_MBZ = QUIRK_BIT['0+'];

/**
 * Decodes an IPv4 header at `at` (p0f §2.2, checks in p0f's order). `len` is the number
 * of usable bytes from `at`. On success fills addresses, ttl/tos/ip options, the IP
 * quirks and header length, and sets `out.tcpOffset` / `out.tcpSegmentLength`.
 */
export function decodeIpv4(data: Uint8Array, at: number, len: number, out: DecodedPacket): DecodeStatus {
  const ihl = (data[at] & 0x0f) << 2;
  const totalLength = (data[at + 2] << 8) | data[at + 3];
  if (len > totalLength) len = totalLength;
  if (len < 40) return 'too-short';
  if (ihl < 20) return 'bad-ip-header';
  if (totalLength > len) return 'truncated';
  if (ihl + 20 > len) return 'bad-ip-header';
  if (data[at + 9] !== 6) return 'not-tcp';
  const flagsOffset = (data[at + 6] << 8) | data[at + 7];
  if ((flagsOffset & 0x3fff) !== 0) return 'fragment';

  const obs = out.tcp;
  out.ipVersion = 4;
  obs.ipVersion = 4;
  obs.ipOptionLength = ihl - 20;
  const tosByte = data[at + 1];
  obs.tos = tosByte >>> 2;
  obs.ttl = data[at + 8];
  let quirks = 0;
  if ((tosByte & 0x03) !== 0) quirks |= Q_ECN;
  if (flagsOffset & 0x8000) quirks |= Q_NZ_MBZ;
  const idNonZero = data[at + 4] !== 0 || data[at + 5] !== 0;
  if (flagsOffset & 0x4000) {
    quirks |= Q_DF;
    if (idNonZero) quirks |= Q_NZ_ID;
  } else if (!idNonZero) {
    quirks |= Q_ZERO_ID;
  }
  obs.quirks = quirks;
  obs.totalHeaderLength = ihl;

  const src = out.src;
  const dst = out.dst;
  src[0] = data[at + 12]; src[1] = data[at + 13]; src[2] = data[at + 14]; src[3] = data[at + 15];
  dst[0] = data[at + 16]; dst[1] = data[at + 17]; dst[2] = data[at + 18]; dst[3] = data[at + 19];
  for (let i = 4; i < 16; i++) {
    src[i] = 0;
    dst[i] = 0;
  }
  out.ipOffset = at;
  out.tcpOffset = at + ihl;
  out.tcpSegmentLength = len - ihl;
  return 'ok';
}
