import type { TcpObservation } from './tcp-types.js';

const SYN = 0x02;
const ACK = 0x10;
/** p0f-sendsyn marks its probes with this window and MSS. */
const SENDSYN_WINDOW = 1337;
const SENDSYN_MSS = 1331;

/** Which TCP packets p0f fingerprints (§5.1): a pure SYN or a SYN+ACK (PSH/URG/ECE/CWR ignored). */
export function tcpFingerprintKind(tcpType: number): 'syn' | 'syn+ack' | null {
  if (tcpType === SYN) return 'syn';
  if (tcpType === (SYN | ACK)) return 'syn+ack';
  return null;
}

/** A SYN from p0f-sendsyn (window 1337 and MSS 1331); the flag then sticks to the flow. */
export function isSendsynProbe(obs: TcpObservation): boolean {
  return obs.window === SENDSYN_WINDOW && obs.mss === SENDSYN_MSS;
}

/**
 * Copies an observation out of the decoder's reused instance (into another reused one),
 * e.g. to keep a host's last SYN. Returns `to`.
 */
export function copyTcpObservation(from: TcpObservation, to: TcpObservation): TcpObservation {
  to.ipVersion = from.ipVersion;
  to.ttl = from.ttl;
  to.ipOptionLength = from.ipOptionLength;
  to.mss = from.mss;
  to.window = from.window;
  to.windowScale = from.windowScale;
  to.layout.set(from.layout);
  to.layoutLength = from.layoutLength;
  to.eolPad = from.eolPad;
  to.quirks = from.quirks;
  to.payloadClass = from.payloadClass;
  to.totalHeaderLength = from.totalHeaderLength;
  to.ts1 = from.ts1;
  to.receivedMs = from.receivedMs;
  to.tos = from.tos;
  return to;
}
