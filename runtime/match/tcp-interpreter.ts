/**
 * The reference TCP matcher: a direct transcription of p0f 3.09b's matching loop
 * (spec §5.2), written for obviousness rather than speed. The compiled matcher must
 * agree with it on every input.
 */
import { QUIRK_BIT, type Direction, type TcpObservation, type TcpSignature } from '../fingerprint/tcp-types.js';
import { guessDistance } from '../fingerprint/ttl.js';
import { detectWindowMultiplier } from '../fingerprint/window-multiplier.js';
import type { TcpMatchResult } from './match-result.js';
import type { SignatureDatabase } from './signature-database.js';
import { STRIP_FOR_V4, STRIP_FOR_V6 } from './tables.js';
import type { TcpMatcher } from './tcp-matcher.js';

/** Largest TTL difference that is still a non-fuzzy match. */
export const MAX_DIST = 35;

/** Quirks a fuzzy match tolerates as missing from the packet, and as extra in it. */
export const FUZZY_DELETABLE = QUIRK_BIT.df | QUIRK_BIT['id+'];
export const FUZZY_ADDABLE = QUIRK_BIT['id-'] | QUIRK_BIT.ecn;

export function createInterpretedTcpMatcher(db: SignatureDatabase): TcpMatcher {
  return {
    match(obs, direction, peerMss) {
      return interpretTcpMatch(direction === 'request' ? db.tcpRequest : db.tcpResponse, obs, peerMss);
    },
  };
}

function sameLayout(sig: TcpSignature, obs: TcpObservation): boolean {
  if (sig.layout.length !== obs.layoutLength) return false;
  for (let i = 0; i < obs.layoutLength; i++) if (sig.layout[i] !== obs.layout[i]) return false;
  return true;
}

export function interpretTcpMatch(signatures: readonly TcpSignature[], obs: TcpObservation, peerMss: number): TcpMatchResult {
  const win = detectWindowMultiplier(obs, peerMss, { multiplier: -1, useMtu: false });
  let exactGeneric: TcpSignature | null = null;
  let fuzzy: TcpSignature | null = null;

  for (const sig of signatures) {
    if (!sameLayout(sig, obs)) continue;
    let isFuzzy = false;

    let sigQuirks = sig.quirks;
    if (sig.ipVersion === 'any') sigQuirks &= ~(obs.ipVersion === 4 ? STRIP_FOR_V4 : STRIP_FOR_V6);
    if (sigQuirks !== obs.quirks) {
      const deleted = sigQuirks & ~obs.quirks;
      const added = obs.quirks & ~sigQuirks;
      if (fuzzy !== null) continue;
      if ((deleted & ~FUZZY_DELETABLE) !== 0) continue;
      if ((added & ~FUZZY_ADDABLE) !== 0) continue;
      isFuzzy = true;
    }

    if (sig.eolPad !== obs.eolPad || sig.ipOptionLength !== obs.ipOptionLength) continue;

    if (sig.badTtl) {
      if (sig.ttl < obs.ttl) continue;
    } else if (sig.ttl < obs.ttl || sig.ttl - obs.ttl > MAX_DIST) {
      isFuzzy = true;
    }

    if (sig.mss !== -1 && sig.mss !== obs.mss) continue;
    if (sig.windowScale !== -1 && sig.windowScale !== obs.windowScale) continue;
    if (sig.payloadClass !== -1 && sig.payloadClass !== obs.payloadClass) continue;

    const w = sig.window;
    switch (w.kind) {
      case 'value':
        if (w.value !== obs.window) continue;
        break;
      case 'mod':
        if (obs.window % w.divisor !== 0) continue;
        break;
      case 'mss':
        if (win.useMtu || win.multiplier !== w.multiplier) continue;
        break;
      case 'mtu':
        if (!win.useMtu || win.multiplier !== w.multiplier) continue;
        break;
      case 'any':
        break;
    }

    if (!isFuzzy) {
      if (!sig.generic) return { kind: 'match', signature: sig, tier: 'exact', distance: (sig.ttl - obs.ttl) & 0xff };
      if (exactGeneric === null) exactGeneric = sig;
    } else if (fuzzy === null) {
      fuzzy = sig;
    }
  }

  if (exactGeneric !== null) {
    return { kind: 'match', signature: exactGeneric, tier: 'generic', distance: (exactGeneric.ttl - obs.ttl) & 0xff };
  }
  if (fuzzy !== null && fuzzy.classId === -1) return { kind: 'none', distance: 0, fuzzyUserland: true };
  if (fuzzy === null) return { kind: 'none', distance: guessDistance(obs.ttl) & 0xff, fuzzyUserland: false };
  const outOfRange = fuzzy.ttl < obs.ttl || (!fuzzy.badTtl && fuzzy.ttl - obs.ttl > MAX_DIST);
  const distance = outOfRange ? guessDistance(obs.ttl) : fuzzy.ttl - obs.ttl;
  return { kind: 'match', signature: fuzzy, tier: 'fuzzy', distance: distance & 0xff };
}
