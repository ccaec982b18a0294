import { TcpObservation, type IpVersion } from '../fingerprint/tcp-types.js';

/** TCP flag bits as they appear in byte 13 of the header. */
export const TcpFlags = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10, urg: 0x20, ece: 0x40, cwr: 0x80 } as const;

/** p0f's packet type: the flags that select what happens to a packet (PSH/URG/ECE/CWR excluded). */
export const TCP_TYPE_MASK = TcpFlags.syn | TcpFlags.ack | TcpFlags.fin | TcpFlags.rst;

/**
 * Why a packet was not decoded. All are silent drops in p0f; the first `not-ip` and the
 * first failed link-offset search also produce a one-time warning (`takeWarnings`).
 */
export type DecodeStatus =
  | 'ok'
  /** Fewer bytes than the link header plus a minimal IP + TCP header. */
  | 'too-short'
  /** IP version nibble neither 4 nor 6. */
  | 'not-ip'
  /** IPv4 header length / total length / IPv6 payload length inconsistent with the bytes present. */
  | 'bad-ip-header'
  /** Captured bytes shorter than the IP total length (p0f drops truncated captures). */
  | 'truncated'
  /** Not TCP (or an IPv6 extension header before TCP). */
  | 'not-tcp'
  /** IPv4 fragment (MF set or non-zero offset). */
  | 'fragment'
  /** TCP data offset below 20 or beyond the packet. */
  | 'bad-tcp-header'
  /** Flag combination p0f ignores (SYN+FIN, SYN+RST, FIN+RST, none of SYN/ACK/FIN/RST). */
  | 'bad-tcp-flags';

/** One decoded TCP/IP packet. Reused: the decoder overwrites it on every call. */
export class DecodedPacket {
  ipVersion: IpVersion = 4;
  /** Source and destination addresses; IPv4 uses the first 4 bytes (the rest are zero). */
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  srcPort = 0;
  dstPort = 0;
  /** Raw TCP flags byte. */
  tcpFlags = 0;
  /** `tcpFlags & (SYN|ACK|FIN|RST)`. */
  tcpType = 0;
  seq = 0;
  ack = 0;
  window = 0;
  /** Offset of the IP header in record.data. */
  ipOffset = 0;
  /** Offset of the TCP header in record.data. */
  tcpOffset = 0;
  /** Bytes from the TCP header to the end of the IP packet (after clipping to the IP length). */
  tcpSegmentLength = 0;
  /** Payload position in record.data and its length (within the IP packet). */
  payloadOffset = 0;
  payloadLength = 0;
  /** p0f's packet signature for this packet (filled for every TCP packet, not only SYNs). */
  readonly tcp = new TcpObservation();
}
