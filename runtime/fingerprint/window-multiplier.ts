import type { TcpObservation } from './tcp-types.js';

/**
 * Result of window-multiplier detection. `multiplier <= 0` means none: the value is
 * p0f's signed 16-bit quotient, which can wrap negative for tiny peer MSS values.
 */
export interface WindowMultiplier {
  multiplier: number;
  useMtu: boolean;
}

/** Signed 16-bit truncation, as p0f stores the quotient. */
function toInt16(value: number): number {
  return (value << 16) >> 16;
}

/**
 * Detects whether the observed window is a multiple of the MSS or of an MTU-derived
 * size, trying p0f's divisors in its fixed order; the first one that divides wins.
 * Fills and returns `out` so callers on the hot path can reuse one object.
 */
export function detectWindowMultiplier(obs: TcpObservation, peerMss: number, out: WindowMultiplier): WindowMultiplier {
  out.multiplier = -1;
  out.useMtu = false;
  const win = obs.window;
  const mss = obs.mss;
  if (win === 0 || mss < 100) return out;
  const v6 = obs.ipVersion === 6;
  if (tryDivisor(win, mss, false, out)) return out;
  if (obs.ts1 !== 0 && tryDivisor(win, mss - 12, false, out)) return out;
  if (tryDivisor(win, 1460, false, out)) return out;
  if (tryDivisor(win, 1448, false, out)) return out;
  if (v6 && tryDivisor(win, 1440, false, out)) return out;
  if (v6 && tryDivisor(win, 1428, false, out)) return out;
  if (tryDivisor(win, mss + 40, true, out)) return out;
  if (tryDivisor(win, mss + obs.totalHeaderLength, true, out)) return out;
  if (v6 && tryDivisor(win, mss + 60, true, out)) return out;
  if (tryDivisor(win, 1500, true, out)) return out;
  if (peerMss !== 0) {
    if (tryDivisor(win, peerMss, false, out)) return out;
    // peerMss < 12 makes a negative divisor; C's truncating division gives a negative quotient.
    if (tryDivisor(win, peerMss - 12, false, out)) return out;
  }
  return out;
}

function tryDivisor(win: number, divisor: number, useMtu: boolean, out: WindowMultiplier): boolean {
  if (divisor === 0 || win % divisor !== 0) return false;
  out.multiplier = toInt16(Math.trunc(win / divisor));
  out.useMtu = useMtu;
  return true;
}
