/**
 * NAT / host-change reason bits (spec §8.2). Bit order is the order p0f prints them.
 */
export const NAT_REASON_NAMES = [
  'app_vs_os', 'os_diff', 'sig_diff', 'x_known', 'tstamp', 'ttl', 'port', 'mtu',
  'fuzzy', 'via', 'date', 'srv_sig_lb', 'ua_vs_os',
] as const;
export type NatReasonName = (typeof NAT_REASON_NAMES)[number];

export const NatReason = {
  appVsOs: 1 << 0,
  osDiff: 1 << 1,
  sigDiff: 1 << 2,
  xKnown: 1 << 3,
  tstamp: 1 << 4,
  ttl: 1 << 5,
  port: 1 << 6,
  mtu: 1 << 7,
  fuzzy: 1 << 8,
  via: 1 << 9,
  date: 1 << 10,
  srvSigLb: 1 << 11,
  uaVsOs: 1 << 12,
} as const;

/** Reason bits → names in print order. */
export function natReasonNames(mask: number): NatReasonName[] {
  const out: NatReasonName[] = [];
  for (let i = 0; i < NAT_REASON_NAMES.length; i++) if (mask & (1 << i)) out.push(NAT_REASON_NAMES[i]);
  return out;
}

/** p0f's text: names separated by single spaces, `???` for none (returned as null). */
export function formatNatReasons(mask: number): string | null {
  const names = natReasonNames(mask);
  return names.length === 0 ? null : names.join(' ');
}
