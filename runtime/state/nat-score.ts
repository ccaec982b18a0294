/**
 * The score-history mechanism shared by TCP (§8.2) and HTTP (companion B.8.2) scoring.
 */
import type { P0fEvent, PacketTime } from '../events/event.js';
import { buildNatEvent } from '../events/build-nat-event.js';
import type { FlowRecord } from './flow-record.js';
import { NAT_SCORES, type HostRecord } from './host-record.js';

export type NatRole = 'cli' | 'srv';

/** What one push decided; `hits` are `o5,o2,o1,o0` computed before any clearing. */
export interface NatVerdict {
  kind: 'none' | 'host change' | 'ip sharing';
  /** Reason bits the event reports (this call's for host change, accumulated for ip sharing). */
  reasons: number;
  over5: number;
  over2: number;
  over1: number;
  over0: number;
}

/** Reused result object: callers read it before the next push. */
const verdict: NatVerdict = { kind: 'none', reasons: 0, over5: 0, over2: 0, over1: 0, over0: 0 };

/**
 * push_score: shifts the role's board, accumulates reasons, and decides whether an
 * event is due. Mutates the host (board, natReasons, lastNat/lastChange).
 * The returned object is shared and overwritten by the next call.
 */
export function pushNatScore(host: HostRecord, role: NatRole, score: number, reasons: number, nowSeconds: number): NatVerdict {
  host.natReasons |= reasons;
  verdict.kind = 'none';
  verdict.reasons = 0;
  verdict.over5 = verdict.over2 = verdict.over1 = verdict.over0 = 0;
  const base = role === 'cli' ? 0 : NAT_SCORES;
  let board = host.scores;
  // An all-zero board shifted with a zero stays all zero: allocate on the first score.
  if (board === null) {
    if (score === 0) return verdict;
    board = host.scores = new Uint8Array(2 * NAT_SCORES);
  }
  board.copyWithin(base, base + 1, base + NAT_SCORES);
  board[base + NAT_SCORES - 1] = score;
  if (score === 0) return verdict;
  let o5 = 0, o2 = 0, o1 = 0, o0 = 0;
  for (let i = base; i < base + NAT_SCORES; i++) {
    const v = board[i];
    if (v > 5) o5++;
    if (v > 2) o2++;
    if (v > 1) o1++;
    if (v > 0) o0++;
  }
  verdict.over5 = o5; verdict.over2 = o2; verdict.over1 = o1; verdict.over0 = o0;
  if (o5 > 2 || o2 > 4 || o1 > 6 || o0 > 8) {
    verdict.kind = 'ip sharing';
    verdict.reasons = host.natReasons;
    host.lastNat = nowSeconds;
    board.fill(0, base, base + NAT_SCORES);
    host.natReasons = 0;
    return verdict;
  }
  if (score === 1) return verdict;
  verdict.kind = 'host change';
  verdict.reasons = reasons;
  host.lastChange = nowSeconds;
  return verdict;
}

/**
 * Records a score for the flow's client (`cli`) or server (`srv`) and emits the
 * `host change` / `ip sharing` event p0f would print, framed by the flow.
 */
export function recordNatScore(
  flow: FlowRecord,
  role: NatRole,
  score: number,
  reasons: number,
  time: PacketTime,
  emit: (event: P0fEvent) => void,
): void {
  const host = role === 'cli' ? flow.client : flow.server;
  const v = pushNatScore(host, role, score, reasons, time.seconds);
  if (v.kind === 'none') return;
  emit(buildNatEvent(flow, role, v.kind, v.reasons, v.over5, v.over2, v.over1, v.over0, time));
}
