/**
 * TCP fingerprint domain types shared by the loader model, the matchers and the packet side.
 * Runtime owns these types; the compiler and generated/ only import them.
 */

/** Quirks in the fixed order p0f prints them (raw_sig); bit i of a QuirkSet is QUIRKS[i]. */
export const QUIRKS = [
  'df', 'id+', 'id-', 'ecn', '0+', 'flow', 'seq-', 'ack+', 'ack-',
  'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad',
] as const;
export type Quirk = (typeof QUIRKS)[number];

/** Bitmask over QUIRKS. */
export type QuirkSet = number;

export const QUIRK_BIT: { readonly [Q in Quirk]: number } = Object.fromEntries(
  QUIRKS.map((q, i) => [q, 1 << i]),
) as { readonly [Q in Quirk]: number };

/** TCP option kinds as p0f stores them in a layout. Any other kind is kept numerically (`?N`). */
export const TcpOption = { eol: 0, nop: 1, mss: 2, ws: 3, sok: 4, sack: 5, ts: 8 } as const;

export type IpVersion = 4 | 6;
/** A signature's `ver` field: 4, 6 or `*`. */
export type SignatureIpVersion = IpVersion | 'any';

export type WindowSize =
  | { readonly kind: 'any' }
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'mod'; readonly divisor: number }
  | { readonly kind: 'mss'; readonly multiplier: number }
  | { readonly kind: 'mtu'; readonly multiplier: number };

/** -1 = `*` (any), 0 = `0` (no payload), 1 = `+` (payload). */
export type PayloadClass = -1 | 0 | 1;

export type Direction = 'request' | 'response';

/** One entry of a `sys =` list, resolved against the classes and the interned names. */
export type SysEntry =
  | { readonly kind: 'class'; readonly classId: number }
  | { readonly kind: 'name'; readonly nameId: number };

/** What every TCP/HTTP signature inherits from its `label` line. */
export interface SignatureLabel {
  readonly generic: boolean;
  /** -1 for an application (`!`) label. */
  readonly classId: number;
  readonly nameId: number;
  readonly flavor: string | null;
  /** 1-based label counter over tcp/http labels (mtu labels do not count). */
  readonly labelId: number;
  readonly sys: readonly SysEntry[];
  /** 1-based line of the `sig` line. */
  readonly line: number;
}

export interface TcpSignature extends SignatureLabel {
  readonly direction: Direction;
  readonly ipVersion: SignatureIpVersion;
  /** Initial TTL after any `+N` has been added. */
  readonly ttl: number;
  /** `N-` form: a tool that randomises TTLs; never fuzzy on TTL, printed `<= N`. */
  readonly badTtl: boolean;
  readonly ipOptionLength: number;
  /** -1 = any */
  readonly mss: number;
  readonly window: WindowSize;
  /** -1 = any */
  readonly windowScale: number;
  /** Option kinds in order; EOL is kind 0 and its padding is `eolPad`. */
  readonly layout: readonly number[];
  readonly eolPad: number;
  readonly quirks: QuirkSet;
  readonly payloadClass: PayloadClass;
}

export interface MtuSignature {
  readonly mtu: number;
  readonly label: string;
  readonly line: number;
}

/**
 * What the packet side observed for one SYN or SYN+ACK (p0f's packet signature).
 * Mutable on purpose: the decoder fills one reused instance per packet.
 */
export class TcpObservation {
  ipVersion: IpVersion = 4;
  ttl = 0;
  ipOptionLength = 0;
  /** 0 when there is no MSS option. */
  mss = 0;
  window = 0;
  /** 0 when there is no WS option. */
  windowScale = 0;
  /** Option kinds; only the first `layoutLength` entries are meaningful. */
  readonly layout = new Uint8Array(24);
  layoutLength = 0;
  eolPad = 0;
  quirks: QuirkSet = 0;
  payloadClass: 0 | 1 = 0;
  /** IP header incl. options + TCP header incl. options. */
  totalHeaderLength = 0;
  /** First timestamp value (TSval), 0 when absent. */
  ts1 = 0;
  /** Capture time in milliseconds. */
  receivedMs = 0;
  /** 6-bit DSCP. */
  tos = 0;
}
