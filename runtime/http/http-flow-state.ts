/**
 * Per-flow HTTP parser state (p0f keeps the same facts in its flow record). One
 * instance lives in the flow's `http` slot; it never holds more than the header list
 * of the message being parsed, the bytes themselves stay in the flow's 8192-byte buffers.
 */
import type { HttpHeader } from '../fingerprint/http-observation.js';

/** p0f's `in_http`: not yet known, recognised as HTTP, or abandoned. */
export type HttpPhase = 'undecided' | 'yes' | 'no';

export interface HttpFlowState {
  phase: HttpPhase;
  /** The request has been fingerprinted; only the response is still of interest. */
  requestDone: boolean;
  /** Parse offset in the current direction's buffer. */
  position: number;
  version: 0 | 1;
  headers: HttpHeader[];
  /**
   * The response status line has been consumed. 3.09b never records this (its flag is
   * never set), which is the re-scan bug; only the fixed mode reads it.
   */
  statusLineDone: boolean;
}

export function createHttpFlowState(): HttpFlowState {
  return { phase: 'undecided', requestDone: false, position: 0, version: 0, headers: [], statusLineDone: false };
}
