/**
 * The HTTP module entry (spec B.1/B.2): run after each in-order data segment on the
 * direction's accumulated buffer; fingerprints the first request and the first response.
 */
import type { P0fEvent, PacketTime } from '../events/event.js';
import type { FlowRecord } from '../state/flow-record.js';
import type { SignatureDatabase } from '../match/signature-database.js';
import type { HttpMatcher } from '../match/http-matcher.js';
import { isDishonestSoftware } from '../match/http-matcher.js';
import { observeHttpHeaders } from '../fingerprint/http-observation.js';
import { parseHttpDate } from '../fingerprint/http-date.js';
import { detectHttpLanguage } from '../fingerprint/http-language.js';
import { buildKnownHeaderSet } from '../fingerprint/http-known-headers.js';
import { buildHttpRawSig } from '../fingerprint/http-raw-sig.js';
import { createHttpFlowState, type HttpFlowState } from './http-flow-state.js';
import { parseHttpRequest, parseHttpResponse } from './http-parser.js';
import { buildHttpEvent } from './build-http-event.js';
import { scoreHttpNat, updateHostAfterHttp } from './score-http-nat.js';
import type { HttpVerdict } from './http-verdict.js';

export interface HttpContext {
  readonly matcher: HttpMatcher;
  readonly database: SignatureDatabase;
  /** Reproduce 3.09b's response re-scan bug (`--compat 3.09b`). */
  readonly compat: boolean;
  /** Capture time of the packet being processed. */
  readonly time: PacketTime;
  readonly emit: (event: P0fEvent) => void;
}

const knownHeaderCache = new WeakMap<SignatureDatabase, ReadonlySet<string>>();

function knownHeadersOf(db: SignatureDatabase): ReadonlySet<string> {
  let known = knownHeaderCache.get(db);
  if (known === undefined) {
    known = buildKnownHeaderSet(db);
    knownHeaderCache.set(db, known);
  }
  return known;
}

function isHttpFlowState(slot: unknown): slot is HttpFlowState {
  return typeof slot === 'object' && slot !== null && 'phase' in slot && 'requestDone' in slot;
}

/** Returns true while the flow should be kept ("need more data"). */
export function processHttpPayload(flow: FlowRecord, toServer: boolean, ctx: HttpContext): boolean {
  let state: HttpFlowState;
  if (isHttpFlowState(flow.http)) state = flow.http;
  else {
    state = createHttpFlowState();
    flow.http = state;
  }
  const status = toServer
    ? parseHttpRequest(state, flow.request, flow.requestLength)
    : parseHttpResponse(state, flow.response, flow.responseLength, ctx.compat);
  if (status === 'give-up-value-length') return ctx.compat;
  if (status !== 'complete') return status === 'more';
  fingerprintHttpMessage(flow, state, toServer, ctx);
  if (toServer) {
    state.requestDone = true;
    state.position = 0;
    state.headers = [];
    return true;
  }
  state.phase = 'no';
  return false;
}

function fingerprintHttpMessage(flow: FlowRecord, state: HttpFlowState, request: boolean, ctx: HttpContext): void {
  const direction = request ? 'request' : 'response';
  const observation = observeHttpHeaders(direction, state.version, state.headers, ctx.time.seconds, parseHttpDate);
  const match = ctx.matcher.match(observation, direction);
  const verdict: HttpVerdict = {
    observation,
    match,
    dishonest: match.kind === 'match' && isDishonestSoftware(match.signature, observation.software),
    language: request ? detectHttpLanguage(observation.language) : { kind: 'none' },
    rawSig: buildHttpRawSig(observation, knownHeadersOf(ctx.database)),
  };
  ctx.emit(buildHttpEvent(flow, verdict, ctx.database, ctx.time));
  scoreHttpNat(flow, verdict, ctx.database, ctx.time, ctx.emit);
  updateHostAfterHttp(flow, verdict);
}
