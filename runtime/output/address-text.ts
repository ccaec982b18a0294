/**
 * Addresses as p0f prints them: IPv4 dotted decimal; IPv6 as eight lowercase hex groups
 * without leading zeros and without `::` compression (p0f formats each group with `%x`).
 */
import type { Endpoint } from '../events/event.js';

export function formatAddress(ipVersion: 4 | 6, address: Uint8Array): string {
  if (ipVersion === 4) {
    return `${address[0]}.${address[1]}.${address[2]}.${address[3]}`;
  }
  let out = '';
  for (let i = 0; i < 16; i += 2) {
    if (i > 0) out += ':';
    out += ((address[i] << 8) | address[i + 1]).toString(16);
  }
  return out;
}

/** `addr/port`, the form used in both the pretty output and the log. */
export function formatEndpoint(endpoint: Endpoint): string {
  return `${formatAddress(endpoint.ipVersion, endpoint.address)}/${endpoint.port}`;
}
