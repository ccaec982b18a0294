import { QUIRK_BIT } from '../fingerprint/tcp-types.js';
import { TCP_TYPE_MASK, TcpFlags, type DecodedPacket, type DecodeStatus } from './decoded-packet.js';
import { decodeTcpOptions } from './tcp-options.js';

const Q_ECN = QUIRK_BIT.ecn;
const Q_SEQ_ZERO = QUIRK_BIT['seq-'];
const Q_ACK_NZ = QUIRK_BIT['ack+'];
const Q_ACK_ZERO = QUIRK_BIT['ack-'];
const Q_URG_PTR = QUIRK_BIT['uptr+'];
const Q_URG_FLAG = QUIRK_BIT['urgf+'];
const Q_PUSH = QUIRK_BIT['pushf+'];
const { syn: SYN, ack: ACK, fin: FIN, rst: RST, urg: URG, psh: PSH } = TcpFlags;

/**
 * Decodes the TCP header at `out.tcpOffset` (p0f §3), after an IP decoder has filled
 * the IP part of `out`. Adds the TCP quirks to the IP ones and parses the options.
 */
export function decodeTcp(data: Uint8Array, out: DecodedPacket): DecodeStatus {
  const at = out.tcpOffset;
  const len = out.tcpSegmentLength;
  const doff = (data[at + 12] >>> 4) << 2;
  if (doff < 20 || doff > len) return 'bad-tcp-header';
  const flags = data[at + 13];
  const type = flags & TCP_TYPE_MASK;
  if (((type & SYN) !== 0 && (type & (FIN | RST)) !== 0) || (type & (FIN | RST)) === (FIN | RST) || type === 0) {
    return 'bad-tcp-flags';
  }
  const obs = out.tcp;
  obs.totalHeaderLength += doff;
  out.srcPort = (data[at] << 8) | data[at + 1];
  out.dstPort = (data[at + 2] << 8) | data[at + 3];
  out.tcpFlags = flags;
  out.tcpType = type;
  const seq = ((data[at + 4] << 24) | (data[at + 5] << 16) | (data[at + 6] << 8) | data[at + 7]) >>> 0;
  const ack = ((data[at + 8] << 24) | (data[at + 9] << 16) | (data[at + 10] << 8) | data[at + 11]) >>> 0;
  out.seq = seq;
  out.ack = ack;
  const win = (data[at + 14] << 8) | data[at + 15];
  out.window = win;
  obs.window = win;

  let quirks = obs.quirks;
  if ((flags & 0xc0) !== 0 || (data[at + 12] & 0x01) !== 0) quirks |= Q_ECN;
  if (seq === 0) quirks |= Q_SEQ_ZERO;
  if (flags & ACK) {
    if (ack === 0) quirks |= Q_ACK_ZERO;
  } else if ((flags & RST) === 0 && (data[at + 8] & 0x01) !== 0) {
    // p0f tests the un-swapped ACK word against 1 on a little-endian host: the low bit
    // of the first ACK byte on the wire. Signatures depend on it, so it is kept.
    quirks |= Q_ACK_NZ;
  }
  if (flags & URG) quirks |= Q_URG_FLAG;
  else if (data[at + 18] !== 0 || data[at + 19] !== 0) quirks |= Q_URG_PTR;
  if (flags & PSH) quirks |= Q_PUSH;
  obs.quirks = quirks;

  decodeTcpOptions(data, at + 20, at + doff, type === SYN, obs);

  out.payloadOffset = at + doff;
  out.payloadLength = len - doff;
  obs.payloadClass = len - doff > 0 ? 1 : 0;
  return 'ok';
}
