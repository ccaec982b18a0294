import { QUIRK_BIT } from '../fingerprint/tcp-types.js';
import type { DecodedPacket, DecodeStatus } from './decoded-packet.js';

const Q_ECN = QUIRK_BIT.ecn;
const Q_FLOW = QUIRK_BIT.flow;

/**
 * Decodes an IPv6 header at `at` (p0f §2.3). Extension headers are not walked: a next
 * header other than TCP drops the packet, as in p0f.
 */
export function decodeIpv6(data: Uint8Array, at: number, len: number, out: DecodedPacket): DecodeStatus {
  const totalLength = ((data[at + 4] << 8) | data[at + 5]) + 40;
  if (len > totalLength) len = totalLength;
  if (len < 60) return 'too-short';
  if (totalLength > len) return 'truncated';
  if (data[at + 6] !== 6) return 'not-tcp';

  const obs = out.tcp;
  out.ipVersion = 6;
  obs.ipVersion = 6;
  obs.ipOptionLength = 0;
  // Traffic class straddles bytes 0 and 1: DSCP is its top 6 bits, ECN the low 2.
  const trafficClass = ((data[at] & 0x0f) << 4) | (data[at + 1] >>> 4);
  obs.tos = trafficClass >>> 2;
  obs.ttl = data[at + 7];
  let quirks = 0;
  if ((trafficClass & 0x03) !== 0) quirks |= Q_ECN;
  if ((data[at + 1] & 0x0f) !== 0 || data[at + 2] !== 0 || data[at + 3] !== 0) quirks |= Q_FLOW;
  obs.quirks = quirks;
  obs.totalHeaderLength = 40;

  const src = out.src;
  const dst = out.dst;
  for (let i = 0; i < 16; i++) {
    src[i] = data[at + 8 + i];
    dst[i] = data[at + 24 + i];
  }
  out.ipOffset = at;
  out.tcpOffset = at + 40;
  out.tcpSegmentLength = len - 40;
  return 'ok';
}
