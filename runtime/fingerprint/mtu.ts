import type { TcpObservation } from './tcp-types.js';

/**
 * The MTU p0f derives from a SYN/SYN+ACK's MSS (§9.3): MSS + 40 for IPv4, MSS + 60 for
 * IPv6, regardless of IP or TCP options. 0 when the packet carries no MSS (no mtu event).
 */
export function rawMtu(obs: TcpObservation): number {
  if (obs.mss === 0) return 0;
  return obs.mss + (obs.ipVersion === 6 ? 60 : 40);
}
