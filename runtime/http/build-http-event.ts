/** The `http request` / `http response` event with p0f's four fields (spec B.6.2). */
import type { P0fEvent, PacketTime } from '../events/event.js';
import { buildClientEndpoint, buildServerEndpoint } from '../events/build-flow-endpoints.js';
import type { FlowRecord } from '../state/flow-record.js';
import type { SignatureDatabase } from '../match/signature-database.js';
import type { HttpVerdict } from './http-verdict.js';

function httpParams(verdict: HttpVerdict): string[] {
  const params: string[] = [];
  if (verdict.dishonest) params.push('dishonest');
  if (verdict.observation.software === null) params.push('anonymous');
  if (verdict.match.kind === 'match' && verdict.match.signature.generic) params.push('generic');
  return params;
}

export function buildHttpEvent(flow: FlowRecord, verdict: HttpVerdict, db: SignatureDatabase, time: PacketTime): P0fEvent {
  const request = verdict.observation.direction === 'request';
  const m = verdict.match;
  const signature = m.kind === 'match' ? m.signature : null;
  const name = signature === null ? null : db.names[signature.nameId] ?? null;
  const label = signature === null || name === null ? null : signature.flavor === null ? name : `${name} ${signature.flavor}`;
  const isOs = signature !== null && signature.classId !== -1;
  const language = request ? verdict.language : ({ kind: 'none' } as const);
  const langText = language.kind === 'none' ? 'none' : language.kind === 'unknown' ? null : language.name;
  const params = httpParams(verdict);
  return {
    keyword: request ? 'http request' : 'http response',
    time: { seconds: time.seconds, microseconds: time.microseconds },
    client: buildClientEndpoint(flow),
    server: buildServerEndpoint(flow),
    subject: request ? 'cli' : 'srv',
    fields: [
      { key: isOs ? 'os' : 'app', value: label },
      { key: 'lang', value: langText },
      { key: 'params', value: params.length === 0 ? 'none' : params.join(' ') },
      { key: 'raw_sig', value: verdict.rawSig },
    ],
    data: {
      direction: verdict.observation.direction,
      match:
        signature === null
          ? null
          : {
              kind: isOs ? 'os' : 'app',
              name,
              flavor: signature.flavor,
              class: isOs ? db.classes[signature.classId] ?? null : null,
              tier: m.kind === 'match' ? m.tier : null,
              line: signature.line,
            },
      language: language.kind === 'known' ? language.name : null,
      languageKnown: language.kind !== 'unknown',
      dishonest: verdict.dishonest,
      anonymous: verdict.observation.software === null,
      generic: params.includes('generic'),
      software: verdict.observation.software,
      httpVersion: verdict.observation.version === 1 ? '1.1' : '1.0',
      rawSig: verdict.rawSig,
    },
  };
}
