import type { TcpObservation } from './tcp-types.js';

/** p0f-sendsyn marks its probes with this window and MSS. */
export const SENDSYN_WINDOW = 1337;
export const SENDSYN_MSS = 1331;

/** A SYN from p0f-sendsyn (window 1337 and MSS 1331); the flag then sticks to the flow. */
export function isSendsynProbe(obs: TcpObservation): boolean {
  return obs.window === SENDSYN_WINDOW && obs.mss === SENDSYN_MSS;
}
