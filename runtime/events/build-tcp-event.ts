/** `syn` / `syn+ack` / `sendsyn probe` / `sendsyn response` observations (spec §6.1). */
import type { EventKeyword, P0fEvent, PacketTime } from './event.js';
import type { TcpMatchResult } from '../match/match-result.js';
import type { SignatureLabel } from '../fingerprint/tcp-types.js';
import type { FlowRecord } from '../state/flow-record.js';
import { buildClientEndpoint, buildServerEndpoint } from './build-flow-endpoints.js';

/** MAX_DIST: larger distances are flagged `excess_dist`. */
const MAX_DIST = 35;

/** `<name>` or `<name> <flavor>` (no trailing space without a flavor). */
export function formatLabelText(names: readonly string[], label: SignatureLabel): string {
  const name = names[label.nameId] ?? '???';
  return label.flavor !== null && label.flavor !== '' ? `${name} ${label.flavor}` : name;
}

function hex2(n: number): string {
  return (n < 16 ? '0' : '') + n.toString(16);
}

export function buildTcpEvent(
  flow: FlowRecord,
  isSynAck: boolean,
  result: TcpMatchResult,
  tos: number,
  rawSig: string,
  names: readonly string[],
  time: PacketTime,
): P0fEvent {
  const keyword: EventKeyword = flow.sendsyn
    ? (isSynAck ? 'sendsyn response' : 'sendsyn probe')
    : (isSynAck ? 'syn+ack' : 'syn');
  const matched = result.kind === 'match' ? result.signature : null;
  const app = matched !== null && (matched.classId === -1 || flow.sendsyn);
  const fuzzy = result.kind === 'match' && result.tier === 'fuzzy';
  const dist = result.distance;
  const params: string[] = [];
  if (matched !== null && matched.generic) params.push('generic');
  if (fuzzy) params.push('fuzzy');
  if (matched !== null && matched.badTtl) params.push('random_ttl');
  if (dist > MAX_DIST) params.push('excess_dist');
  if (tos !== 0) params.push(`tos:0x${hex2(tos)}`);
  const labelText = matched !== null ? formatLabelText(names, matched) : null;
  return {
    keyword,
    time: { seconds: time.seconds, microseconds: time.microseconds },
    client: buildClientEndpoint(flow),
    server: buildServerEndpoint(flow),
    subject: isSynAck ? 'srv' : 'cli',
    fields: [
      { key: app ? 'app' : 'os', value: labelText },
      { key: 'dist', value: matched !== null && matched.badTtl ? `<= ${dist}` : String(dist) },
      { key: 'params', value: params.length === 0 ? 'none' : params.join(' ') },
      { key: 'raw_sig', value: rawSig },
    ],
    data: {
      match: matched === null
        ? null
        : {
            kind: app ? 'app' : 'os',
            name: names[matched.nameId] ?? null,
            flavor: matched.flavor,
            label: labelText,
            tier: result.kind === 'match' ? result.tier : null,
            generic: matched.generic,
            line: matched.line,
          },
      distance: dist,
      distanceIsUpperBound: matched !== null && matched.badTtl,
      params,
      tos,
      rawSig,
    },
  };
}
