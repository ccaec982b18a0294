/** `mtu` events (spec §9.3). */
import type { P0fEvent, PacketTime } from './event.js';
import type { FlowRecord } from '../state/flow-record.js';
import { buildClientEndpoint, buildServerEndpoint } from './build-flow-endpoints.js';

export function buildMtuEvent(flow: FlowRecord, subject: 'cli' | 'srv', link: string | null, rawMtu: number, time: PacketTime): P0fEvent {
  return {
    keyword: 'mtu',
    time: { seconds: time.seconds, microseconds: time.microseconds },
    client: buildClientEndpoint(flow),
    server: buildServerEndpoint(flow),
    subject,
    fields: [
      { key: 'link', value: link },
      { key: 'raw_mtu', value: String(rawMtu) },
    ],
    data: { link, rawMtu },
  };
}
