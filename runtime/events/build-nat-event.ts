/** `host change` / `ip sharing` events (spec §8.2, §9.2). */
import type { P0fEvent, PacketTime } from './event.js';
import type { FlowRecord } from '../state/flow-record.js';
import { formatNatReasons, natReasonNames } from '../state/nat-reason.js';
import { buildClientEndpoint, buildServerEndpoint } from './build-flow-endpoints.js';

export function buildNatEvent(
  flow: FlowRecord,
  subject: 'cli' | 'srv',
  keyword: 'host change' | 'ip sharing',
  reasons: number,
  over5: number,
  over2: number,
  over1: number,
  over0: number,
  time: PacketTime,
): P0fEvent {
  return {
    keyword,
    time: { seconds: time.seconds, microseconds: time.microseconds },
    client: buildClientEndpoint(flow),
    server: buildServerEndpoint(flow),
    subject,
    fields: [
      { key: 'reason', value: formatNatReasons(reasons) },
      { key: 'raw_hits', value: `${over5},${over2},${over1},${over0}` },
    ],
    data: { reasons: natReasonNames(reasons), rawHits: { over5, over2, over1, over0 } },
  };
}
