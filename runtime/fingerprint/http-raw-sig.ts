/** p0f's exact HTTP `raw_sig` text (spec B.6.3). */
import type { HttpObservation } from './http-observation.js';
import { COMMON_HEADERS, OPTIONAL_HEADERS, VALUE_SUPPRESSED_HEADERS } from './http-known-headers.js';

const MAX_PRINTED = 200;

/** Longest printable prefix: stops at control bytes, bytes >= 0x80, `]`, and optionally `|`. */
function cleanHttpValue(value: string, cutAtPipe: boolean): string {
  let end = 0;
  while (end < value.length && end < MAX_PRINTED) {
    const c = value.charCodeAt(end);
    if (c < 0x20 || c > 0x7f || c === 0x5d || (cutAtPipe && c === 0x7c)) break;
    end++;
  }
  return value.slice(0, end);
}

export function buildHttpRawSig(observation: HttpObservation, knownHeaders: ReadonlySet<string>): string {
  const direction = observation.direction;
  const optional = OPTIONAL_HEADERS[direction];
  const suppressed = VALUE_SUPPRESSED_HEADERS[direction];
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const header of observation.headers) {
    seen.add(header.name);
    let part: string;
    if (knownHeaders.has(header.name)) {
      const isOptional = optional.includes(header.name);
      part = (isOptional ? '?' : '') + header.name;
      if (header.value !== null && !isOptional && !suppressed.includes(header.name)) {
        const value = cleanHttpValue(header.value, true);
        if (value !== '') part += `=[${value}]`;
      }
    } else {
      part = header.name;
      if (header.value !== null) {
        const value = cleanHttpValue(header.value, false);
        if (value !== '') part += `=[${value}]`;
      }
    }
    parts.push(part);
  }
  const missing = COMMON_HEADERS[direction].filter((name) => !seen.has(name));
  const software = observation.software === null ? '' : cleanHttpValue(observation.software, false);
  return `${observation.version}:${parts.join(',')}:${missing.join(',')}:${software}`;
}
