/**
 * `--json`: one JSON object per event and line, schema `p0f-ts/1` (docs/json-schema.md).
 * Addresses and ports are separate members, p0f's text fields are kept verbatim under
 * `fields` (null where p0f prints `???`), and the producers' typed view (numbers as numbers,
 * match tier explicit) is carried under `data`.
 */
import type { P0fEvent } from '../events/event.js';
import { formatAddress } from './address-text.js';

export const NDJSON_SCHEMA = 'p0f-ts/1';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** RFC 3339 UTC with microseconds; independent of TZ so JSON consumers need no zone. */
export function formatIsoTime(seconds: number, microseconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}` +
    `.${pad(microseconds, 6)}Z`
  );
}

/** JSON has no bigint or byte arrays; producers should not need either, but never throw on them. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}

export function formatNdjson(event: P0fEvent): string {
  const fields: Record<string, string | null> = {};
  for (const f of event.fields) fields[f.key] = f.value;
  const record = {
    schema: NDJSON_SCHEMA,
    mod: event.keyword,
    time: formatIsoTime(event.time.seconds, event.time.microseconds),
    ts_sec: event.time.seconds,
    ts_usec: event.time.microseconds,
    ip_version: event.client.ipVersion,
    cli_addr: formatAddress(event.client.ipVersion, event.client.address),
    cli_port: event.client.port,
    srv_addr: formatAddress(event.server.ipVersion, event.server.address),
    srv_port: event.server.port,
    subj: event.subject,
    fields,
    data: event.data,
  };
  return JSON.stringify(record, jsonSafe) + '\n';
}
