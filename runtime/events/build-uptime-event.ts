/** `uptime` events (spec §8.5, §9.2). */
import type { P0fEvent, PacketTime } from './event.js';
import type { FlowRecord } from '../state/flow-record.js';
import { formatFixed2, formatUptime } from '../state/uptime.js';
import { buildClientEndpoint, buildServerEndpoint } from './build-flow-endpoints.js';

export function buildUptimeEvent(
  flow: FlowRecord,
  subject: 'cli' | 'srv',
  upMinutes: number,
  modDays: number,
  frequency: number,
  time: PacketTime,
): P0fEvent {
  return {
    keyword: 'uptime',
    time: { seconds: time.seconds, microseconds: time.microseconds },
    client: buildClientEndpoint(flow),
    server: buildServerEndpoint(flow),
    subject,
    fields: [
      { key: 'uptime', value: formatUptime(upMinutes, modDays) },
      { key: 'raw_freq', value: `${formatFixed2(frequency)} Hz` },
    ],
    data: { uptimeMinutes: upMinutes, moduloDays: modDays, rawFrequencyHz: frequency },
  };
}
