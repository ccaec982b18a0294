/**
 * The stdout observation block p0f prints for every event (spec §9.1 / B.6.1):
 * a `.-[ cli -> srv (keyword) ]-` header, the subject line, one `| key = value` line per
 * field (keys left-justified to 8 characters, `???` for null), a closing `` `---- `` and a
 * blank line.
 */
import type { P0fEvent } from '../events/event.js';
import { formatEndpoint } from './address-text.js';

const KEY_WIDTH = 8;

function padKey(key: string): string {
  return key.length >= KEY_WIDTH ? key : key + ' '.repeat(KEY_WIDTH - key.length);
}

export function formatPretty(event: P0fEvent): string {
  const cli = formatEndpoint(event.client);
  const srv = formatEndpoint(event.server);
  const subjectIsClient = event.subject === 'cli';
  let out =
    `.-[ ${cli} -> ${srv} (${event.keyword}) ]-\n|\n` +
    `| ${subjectIsClient ? 'client  ' : 'server  '} = ${subjectIsClient ? cli : srv}\n`;
  for (const field of event.fields) {
    out += `| ${padKey(field.key)} = ${field.value ?? '???'}\n`;
  }
  return out + '|\n`----\n\n';
}
