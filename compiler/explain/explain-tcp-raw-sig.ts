/**
 * Explains a logged TCP raw_sig. When the printed window (`mss*N`/`mtu*N`) stands for more
 * than one raw window, each is tried and the one that matches best is explained: p0f saw
 * one of them, and the label it printed is the best one any of them gets.
 */
import type { Direction, TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { explainTcp, type TcpExplanation } from './explain-tcp.js';
import { parseTcpRawSig } from './parse-tcp-raw-sig.js';

export type TcpRawSigExplanation =
  | { readonly ok: true; readonly explanation: TcpExplanation; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

export function explainTcpRawSig(signatures: readonly TcpSignature[], rawSig: string, direction: Direction, peerMss: number, nearest = 5): TcpRawSigExplanation {
  const parsed = parseTcpRawSig(rawSig, peerMss);
  if (!parsed.ok) return parsed;
  const obs = parsed.observation;
  let best = explainTcp(signatures, obs, direction, peerMss, nearest);
  let bestWindow = obs.window;
  for (const window of parsed.alternativeWindows) {
    obs.window = window;
    const e = explainTcp(signatures, obs, direction, peerMss, nearest);
    if (quality(e) > quality(best)) {
      best = e;
      bestWindow = window;
    }
  }
  obs.window = bestWindow;
  const notes = parsed.alternativeWindows.length > 0 ? [...parsed.notes, `explained with window ${bestWindow}`] : parsed.notes;
  return { ok: true, explanation: best, notes };
}

function quality(e: TcpExplanation): number {
  const r = e.result;
  if (r.kind === 'none') return 0;
  if (r.tier === 'fuzzy') return 1;
  return r.tier === 'generic' ? 2 : 3;
}
