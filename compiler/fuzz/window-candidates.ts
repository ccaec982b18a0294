/**
 * Windows p0f might read as `mss*N` or `mtu*N` (spec §5.3): N times each divisor p0f
 * tries. Which one it actually reports depends on the first divisor that fits, so the
 * caller keeps only candidates that detectWindowMultiplier reads back as intended.
 * Trying every divisor (not just the MSS) reaches signatures whose MSS times N would
 * not fit in 16 bits, e.g. MSS 9000 with `mss*10` through 1460*10.
 */
import type { TcpObservation } from '../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier, type WindowMultiplier } from '../../runtime/fingerprint/window-multiplier.js';

function divisors(obs: TcpObservation, useMtu: boolean, peerMss: number): number[] {
  const m = obs.mss;
  const v6 = obs.ipVersion === 6;
  if (useMtu) return [m + 40, m + obs.totalHeaderLength, ...(v6 ? [m + 60] : []), 1500];
  return [m, ...(obs.ts1 !== 0 ? [m - 12] : []), 1460, 1448, ...(v6 ? [1440, 1428] : []), ...(peerMss !== 0 ? [peerMss, peerMss - 12] : [])];
}

/** Distinct windows (1..65535) that p0f reads as `kind*multiplier` for `obs` (its window is ignored). */
export function windowsDetectedAs(obs: TcpObservation, kind: 'mss' | 'mtu', multiplier: number, peerMss: number): number[] {
  const saved = obs.window;
  const scratch: WindowMultiplier = { multiplier: -1, useMtu: false };
  const out: number[] = [];
  for (const d of divisors(obs, kind === 'mtu', peerMss)) {
    const w = d * multiplier;
    if (d <= 0 || w > 65535 || out.includes(w)) continue;
    obs.window = w;
    const m = detectWindowMultiplier(obs, peerMss, scratch);
    if (m.multiplier === multiplier && m.useMtu === (kind === 'mtu')) out.push(w);
  }
  obs.window = saved;
  return out;
}
