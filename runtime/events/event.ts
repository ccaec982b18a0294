/**
 * Events are what p0f prints: a keyword, the connection, a subject and ordered fields.
 * Producers fill both the p0f text fields (for the pretty output and the -o log) and
 * typed data (for --json), so outputs never re-derive anything.
 */
export interface Endpoint {
  readonly ipVersion: 4 | 6;
  /** Network-order address bytes (4 or 16); read-only (the events of one packet may share them). */
  readonly address: Uint8Array;
  readonly port: number;
}

export interface PacketTime {
  readonly seconds: number;
  readonly microseconds: number;
}

export type EventKeyword =
  | 'syn'
  | 'syn+ack'
  | 'sendsyn probe'
  | 'sendsyn response'
  | 'mtu'
  | 'uptime'
  | 'host change'
  | 'ip sharing'
  | 'http request'
  | 'http response';

/** One `key = value` pair; a null value prints as `???`. */
export interface EventField {
  readonly key: string;
  readonly value: string | null;
}

export interface P0fEvent {
  readonly keyword: EventKeyword;
  readonly time: PacketTime;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly subject: 'cli' | 'srv';
  readonly fields: readonly EventField[];
  /** Typed view of the same facts for --json (numbers as numbers, tiers explicit). */
  readonly data: Readonly<Record<string, unknown>>;
}
