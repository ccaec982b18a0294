/**
 * Why an HTTP request or response got its label: every signature of the direction is
 * checked (version, ordered headers, absent headers, spec B.5), and the outcome is the
 * reference matcher's own.
 */
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';
import type { HttpObservation } from '../../runtime/fingerprint/http-observation.js';
import type { HttpMatchResult } from '../../runtime/match/match-result.js';
import { isDishonestSoftware } from '../../runtime/match/http-matcher.js';
import { matchHttpInterpreted } from '../../runtime/match/http-interpreted-matcher.js';
import type { CandidateFit, FieldVerdict } from './explain-tcp.js';

export type HttpField = 'version' | 'headers' | 'absent';

export interface HttpFieldVerdict {
  readonly field: HttpField;
  readonly verdict: FieldVerdict['verdict'];
  readonly detail: string;
}

export interface HttpCandidate {
  readonly signature: HttpSignature;
  readonly fields: readonly HttpFieldVerdict[];
  readonly fit: CandidateFit;
  readonly winner: boolean;
  readonly note: string | null;
}

export interface HttpExplanation {
  readonly result: HttpMatchResult;
  readonly dishonest: boolean;
  readonly candidates: readonly HttpCandidate[];
  readonly considered: number;
}

export function explainHttp(signatures: readonly HttpSignature[], obs: HttpObservation, nearest = 5): HttpExplanation {
  const result = matchHttpInterpreted(signatures, obs);
  const winner = result.kind === 'match' ? result.signature : null;
  const all = signatures.map((signature, index) => {
    const fields = checkHttp(signature, obs);
    const fit: CandidateFit = fields.some((f) => f.verdict === 'fail') ? 'none' : signature.generic ? 'generic' : 'exact';
    const note = signature === winner
      ? result.kind === 'match' && result.tier === 'generic' ? 'first generic match; no specific signature matches' : 'first specific match in file order'
      : fit === 'none' || winner === null ? null
      : fit === 'generic' && !winner.generic ? `generic; the specific match at line ${winner.line} wins` : `matches too, but line ${winner.line} comes first`;
    return { index, candidate: { signature, fields, fit, winner: signature === winner, note } };
  });
  const failed = (c: HttpCandidate): number => (c.fit === 'none' ? 1 + c.fields.filter((f) => f.verdict === 'fail').length : 0);
  const ranked = all.filter((c) => !c.candidate.winner).sort((a, b) => failed(a.candidate) - failed(b.candidate) || a.index - b.index).slice(0, nearest);
  return {
    result,
    dishonest: winner !== null && isDishonestSoftware(winner, obs.software),
    candidates: [...all.filter((c) => c.candidate.winner), ...ranked].map((c) => c.candidate),
    considered: signatures.length,
  };
}

function checkHttp(sig: HttpSignature, obs: HttpObservation): HttpFieldVerdict[] {
  const out: HttpFieldVerdict[] = [];
  const ver = (v: number): string => (v === -1 ? '*' : v === 1 ? 'HTTP/1.1' : 'HTTP/1.0');
  out.push(sig.version === -1 || sig.version === obs.version
    ? { field: 'version', verdict: 'ok', detail: `version ${ver(sig.version)}` }
    : { field: 'version', verdict: 'fail', detail: `version: signature ${ver(sig.version)}, message ${ver(obs.version)}` });
  out.push(checkSequence(sig, obs));
  const present = sig.absent.filter((name) => obs.headers.some((h) => h.name === name));
  out.push(present.length === 0
    ? { field: 'absent', verdict: 'ok', detail: sig.absent.length === 0 ? 'no headers required absent' : `absent as required: ${sig.absent.join(',')}` }
    : { field: 'absent', verdict: 'fail', detail: `must be absent but present: ${present.join(',')}` });
  return out;
}

/** The ordered header walk of spec B.5, reporting the first entry that fails. */
function checkSequence(sig: HttpSignature, obs: HttpObservation): HttpFieldVerdict {
  const hdrs = obs.headers;
  let p = 0;
  for (const e of sig.headers) {
    let j = -1;
    for (let k = p; k < hdrs.length; k++) {
      if (hdrs[k]?.name === e.name) {
        j = k;
        break;
      }
    }
    if (j < 0) {
      const anywhere = hdrs.findIndex((h) => h.name === e.name);
      if (!e.optional) {
        return { field: 'headers', verdict: 'fail', detail: anywhere >= 0 ? `'${e.name}' is out of order (at position ${anywhere + 1}; the signature needs it after position ${p})` : `required header '${e.name}' is missing` };
      }
      if (anywhere >= 0) return { field: 'headers', verdict: 'fail', detail: `optional '${e.name}' appears too early (position ${anywhere + 1})` };
      continue;
    }
    const value = hdrs[j]?.value ?? null;
    if (e.value !== null && (value === null || !value.includes(e.value))) {
      return { field: 'headers', verdict: 'fail', detail: `'${e.name}' value ${value === null ? '(not known)' : `'${value}'`} does not contain '${e.value}'` };
    }
    p = j + 1;
  }
  return { field: 'headers', verdict: 'ok', detail: `header order ${sig.headers.map((h) => `${h.optional ? '?' : ''}${h.name}`).join(',') || '(none)'} found` };
}
