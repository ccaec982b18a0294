/**
 * p0f's TCP duplicate rule (A.9.1 / tcp-api §4.2): the new signature is matched, as if it
 * were a packet, against the earlier signatures of its direction; the first earlier
 * *specific* signature that matches it exactly (not fuzzily) covers it.
 */
import { QUIRK_BIT, TcpObservation, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier, type WindowMultiplier } from '../../runtime/fingerprint/window-multiplier.js';

const V4_STRIP = QUIRK_BIT.flow;
const V6_STRIP = QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-'];

function sameLayout(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether earlier signature `r` covers new signature `n` (ignoring r's generic flag). */
export function tcpCovers(r: TcpSignature, n: TcpSignature, multi: WindowMultiplier): boolean {
  if (!sameLayout(r.layout, n.layout)) return false;
  let rq = r.quirks;
  if (r.ipVersion === 'any') rq &= ~(n.ipVersion === 4 ? V4_STRIP : V6_STRIP);
  if (rq !== n.quirks) return false;
  if (r.eolPad !== n.eolPad || r.ipOptionLength !== n.ipOptionLength) return false;
  if (r.ttl < n.ttl) return false;
  if (!r.badTtl && r.ttl - n.ttl > 35) return false;
  if (r.mss !== -1 && r.mss !== n.mss) return false;
  if (r.windowScale !== -1 && r.windowScale !== n.windowScale) return false;
  if (r.payloadClass !== -1 && r.payloadClass !== n.payloadClass) return false;
  const rw = r.window;
  const nw = n.window;
  if (nw.kind !== 'value') {
    if (rw.kind !== nw.kind) return false;
    if (rw.kind === 'any' || nw.kind === 'any') return true;
    const rv = rw.kind === 'mod' ? rw.divisor : rw.multiplier;
    const nv = nw.kind === 'mod' ? nw.divisor : nw.multiplier;
    return rv === nv;
  }
  switch (rw.kind) {
    case 'any': return true;
    case 'value': return rw.value === nw.value;
    case 'mod': return nw.value % rw.divisor === 0;
    case 'mss': return !multi.useMtu && multi.multiplier === rw.multiplier;
    case 'mtu': return multi.useMtu && multi.multiplier === rw.multiplier;
  }
}

/** The window multiplier p0f derives from a signature standing in for a packet. */
export function signatureWindowMultiplier(n: TcpSignature, out: WindowMultiplier = { multiplier: -1, useMtu: false }): WindowMultiplier {
  const obs = new TcpObservation();
  obs.ipVersion = n.ipVersion === 6 ? 6 : 4;
  obs.window = n.window.kind === 'value' ? n.window.value : 0;
  obs.mss = n.mss;
  obs.ts1 = 0;
  obs.totalHeaderLength = 0;
  return detectWindowMultiplier(obs, 0, out);
}

/** The first earlier specific signature that covers `n`, or null. */
export function findCoveringTcp(n: TcpSignature, earlier: readonly TcpSignature[]): TcpSignature | null {
  const multi = signatureWindowMultiplier(n);
  for (const r of earlier) {
    if (!r.generic && tcpCovers(r, n, multi)) return r;
  }
  return null;
}
