/** One event as text, in any of the CLI's three output formats. */
import type { P0fEvent } from '../events/event.js';
import { formatLogLine } from '../output/log-line.js';
import { formatNdjson } from '../output/ndjson.js';
import { formatPretty } from '../output/pretty.js';

/**
 * `log`: p0f's `-o` line (timestamp in the process's local time zone, as p0f; set TZ);
 * `pretty`: p0f's stdout block; `json`: one `p0f-ts/1` NDJSON object. Each ends with a newline.
 */
export type EventFormat = 'log' | 'pretty' | 'json';

export function formatEvent(event: P0fEvent, format: EventFormat): string {
  switch (format) {
    case 'log':
      return formatLogLine(event);
    case 'pretty':
      return formatPretty(event);
    case 'json':
      return formatNdjson(event);
  }
}
