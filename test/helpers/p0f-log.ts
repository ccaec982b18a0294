/**
 * Reads the real p0f's `-o` log lines back into structured records, for tests that compare
 * our output with p0f's. Values may contain `|` (p0f does not escape), so a segment only
 * starts a new field when it begins with one of p0f's field keys.
 */
import type { Endpoint, EventField, EventKeyword, P0fEvent } from '../../runtime/events/event.js';

export const P0F_FIELD_KEYS = new Set([
  'os', 'app', 'dist', 'params', 'raw_sig', 'link', 'raw_mtu', 'uptime', 'raw_freq', 'reason', 'raw_hits', 'lang',
]);

export interface P0fLogRecord {
  readonly line: string;
  readonly stamp: string;
  readonly keyword: EventKeyword;
  readonly cli: string;
  readonly srv: string;
  readonly subject: 'cli' | 'srv';
  readonly fields: readonly EventField[];
}

const LINE_RE = /^\[(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\] mod=([^|]+)\|cli=([^|]+)\|srv=([^|]+)\|subj=(cli|srv)\|(.*)$/;

export function parseP0fLogLine(line: string): P0fLogRecord | null {
  const m = LINE_RE.exec(line);
  if (!m) return null;
  const fields: EventField[] = [];
  for (const segment of m[11].split('|')) {
    const eq = segment.indexOf('=');
    const key = eq > 0 ? segment.slice(0, eq) : '';
    if (P0F_FIELD_KEYS.has(key)) {
      const value = segment.slice(eq + 1);
      fields.push({ key, value: value === '???' ? null : value });
    } else if (fields.length > 0) {
      const last = fields[fields.length - 1];
      fields[fields.length - 1] = { key: last.key, value: `${last.value ?? '???'}|${segment}` };
    } else {
      return null;
    }
  }
  return {
    line,
    stamp: line.slice(0, 21),
    keyword: m[7] as EventKeyword,
    cli: m[8],
    srv: m[9],
    subject: m[10] as 'cli' | 'srv',
    fields,
  };
}

/** Parses `a.b.c.d/port` or p0f's uncompressed IPv6 `x:x:x:x:x:x:x:x/port`. */
export function parseEndpoint(text: string): Endpoint {
  const slash = text.lastIndexOf('/');
  const addr = text.slice(0, slash);
  const port = Number(text.slice(slash + 1));
  if (addr.includes(':')) {
    const bytes = new Uint8Array(16);
    addr.split(':').forEach((g, i) => {
      const v = parseInt(g, 16);
      bytes[i * 2] = v >> 8;
      bytes[i * 2 + 1] = v & 0xff;
    });
    return { ipVersion: 6, address: bytes, port };
  }
  return { ipVersion: 4, address: Uint8Array.from(addr.split('.').map(Number)), port };
}

/** Seconds since the epoch of a log stamp read as UTC (the corpus was recorded with TZ=UTC). */
export function stampToUtcSeconds(stamp: string): number {
  const m = /^\[(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\]$/.exec(stamp);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
}

/** An event carrying exactly what p0f logged, so formatters can be checked against p0f's own text. */
export function recordToEvent(record: P0fLogRecord): P0fEvent {
  return {
    keyword: record.keyword,
    time: { seconds: stampToUtcSeconds(record.stamp), microseconds: 0 },
    client: parseEndpoint(record.cli),
    server: parseEndpoint(record.srv),
    subject: record.subject,
    fields: record.fields,
    data: {},
  };
}
