/**
 * Compiled TCP/MTU decision tables: plain JSON-like data (numbers, strings, arrays), so
 * that compiler/tables builds them in memory and compiler/codegen can print them as a
 * generated module. The runtime owns the shape; nothing here imports the compiler.
 */
import { QUIRK_BIT } from '../fingerprint/tcp-types.js';

/** Quirks a `*` signature drops before comparing with an IPv4 packet, and with an IPv6 packet (spec §5.2). */
export const STRIP_FOR_V4 = QUIRK_BIT.flow;
export const STRIP_FOR_V6 = QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-'];

/** Column offsets of one flattened candidate row. */
export const TCP_ROW = {
  /** Index into the direction's signature list in the database. */
  signature: 0,
  /** The signature's quirks as compared with an IPv4 packet (a `*` sig drops `flow`). */
  quirksV4: 1,
  /** ...and with an IPv6 packet (a `*` sig drops `df`, `id+`, `id-`). */
  quirksV6: 2,
  ttl: 3,
  /** 1 for an `N-` (random TTL) signature. */
  badTtl: 4,
  ipOptionLength: 5,
  eolPad: 6,
  /** -1 = any */
  mss: 7,
  /** -1 = any */
  windowScale: 8,
  /** -1 = any */
  payloadClass: 9,
  /** One of WINDOW_KIND. */
  windowKind: 10,
  /** Value, divisor or multiplier; 0 for any. */
  windowValue: 11,
  /** 1 for a `g:` signature. */
  generic: 12,
  /** 1 for an application (`!`) label, which p0f never reports as a fuzzy match. */
  userland: 13,
} as const;

export const TCP_ROW_WIDTH = 14;

export const WINDOW_KIND = { any: 0, value: 1, mod: 2, mss: 3, mtu: 4 } as const;
export type WindowKindCode = (typeof WINDOW_KIND)[keyof typeof WINDOW_KIND];

/** The candidates that share one option layout, in file order. */
export interface TcpLayoutGroup {
  /** Option kinds (EOL = 0), exactly as in the signatures. */
  readonly layout: readonly number[];
  /** Flattened rows of TCP_ROW_WIDTH numbers each. */
  readonly rows: readonly (readonly number[])[];
}

export interface TcpDirectionTable {
  /** Length of the direction's signature list the rows index into. */
  readonly signatureCount: number;
  /** One group per distinct layout, in order of first appearance in the file. */
  readonly groups: readonly TcpLayoutGroup[];
}

export interface MtuTable {
  /** [mtu, label] pairs, ascending by mtu, one per value (the first label in file order). */
  readonly entries: readonly (readonly [number, string])[];
}

export interface TcpTables {
  /** Bumped whenever the shape or meaning of the rows changes. */
  readonly formatVersion: 1;
  /** sha256 of the database these tables were built from (must equal the database's). */
  readonly sourceSha256: string;
  readonly request: TcpDirectionTable;
  readonly response: TcpDirectionTable;
  readonly mtu: MtuTable;
}

export const TCP_TABLES_FORMAT_VERSION = 1;
