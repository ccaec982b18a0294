/**
 * The `-o` log line, byte-identical to p0f 3.09b:
 * `[YYYY/MM/DD HH:MM:SS] mod=<kw>|cli=<a>/<p>|srv=<a>/<p>|subj=<cli|srv>|k=v|...\n`.
 * The timestamp is the packet's capture time in the process's local time zone (so `TZ`
 * applies, as with p0f's localtime()); null values print `???`; nothing is escaped.
 */
import type { P0fEvent } from '../events/event.js';
import { formatEndpoint } from './address-text.js';

/** Events arrive in time order, so one cached second saves a Date per line. */
let cachedSecond = Number.NaN;
let cachedStamp = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `[YYYY/MM/DD HH:MM:SS]` for a packet time in seconds, in local time. */
export function formatLogTimestamp(seconds: number): string {
  if (seconds === cachedSecond) return cachedStamp;
  const d = new Date(seconds * 1000);
  const stamp =
    `[${d.getFullYear()}/${pad2(d.getMonth() + 1)}/${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}]`;
  cachedSecond = seconds;
  cachedStamp = stamp;
  return stamp;
}

/** One log line including its trailing newline. */
export function formatLogLine(event: P0fEvent): string {
  let line =
    `${formatLogTimestamp(event.time.seconds)} mod=${event.keyword}` +
    `|cli=${formatEndpoint(event.client)}|srv=${formatEndpoint(event.server)}|subj=${event.subject}`;
  for (const field of event.fields) {
    line += `|${field.key}=${field.value ?? '???'}`;
  }
  return line + '\n';
}
