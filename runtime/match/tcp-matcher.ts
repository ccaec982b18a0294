import type { Direction, TcpObservation } from '../fingerprint/tcp-types.js';
import type { TcpMatchResult } from './match-result.js';

/**
 * Matches one SYN (direction 'request') or SYN+ACK ('response') observation against the
 * TCP signatures of that direction, with p0f 3.09b's tiers (spec §5.2).
 * `peerMss` is the MSS of the SYN that opened the flow for a SYN+ACK, 0 for a SYN.
 * Results may be shared between calls; callers must not mutate them.
 */
export interface TcpMatcher {
  match(obs: TcpObservation, direction: Direction, peerMss: number): TcpMatchResult;
}

/** Looks up the link type for an MTU (first `[mtu]` label in file order wins). */
export interface MtuMatcher {
  lookup(mtu: number): string | null;
}
