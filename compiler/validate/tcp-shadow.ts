/**
 * Which packets a TCP signature matches exactly, reasoned about without packets: used to
 * find signatures that can never be the reported match. A packet without a WS option has
 * scale 0 and without an MSS option has MSS 0, so e.g. scale `*` on a layout without `ws`
 * means scale 0, and a non-zero scale there can never match.
 */
import { QUIRK_BIT, TcpOption, type IpVersion, type QuirkSet, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';

const V4_ONLY = QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-'] | QUIRK_BIT['0+'];
const V6_ONLY = QUIRK_BIT.flow;

/** The quirks a packet of version `pv` must have to match `s`, or null when no such packet exists. */
export function packetQuirks(s: TcpSignature, pv: IpVersion): QuirkSet | null {
  let q = s.quirks;
  if (s.ipVersion === 'any') q &= ~(pv === 4 ? QUIRK_BIT.flow : QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-']);
  if (pv === 4 && (q & V6_ONLY) !== 0) return null;
  if (pv === 6 && (q & V4_ONLY) !== 0) return null;
  return q;
}

/** -1 = any value, else the only value a matching packet can have (NaN = none). */
function effectiveOptionValue(declared: number, present: boolean): number {
  if (present) return declared;
  return declared === -1 || declared === 0 ? 0 : Number.NaN;
}

/** Why no packet can ever match `s` exactly, or null when some packet can. */
export function impossibleReason(s: TcpSignature): string | null {
  const hasWs = s.layout.includes(TcpOption.ws);
  const hasMss = s.layout.includes(TcpOption.mss);
  const hasTs = s.layout.includes(TcpOption.ts);
  if (!hasWs && s.windowScale > 0) return `it requires window scale ${s.windowScale}, but its layout has no 'ws' option, so a matching packet always has scale 0`;
  if (!hasMss && s.mss > 0) return `it requires MSS ${s.mss}, but its layout has no 'mss' option, so a matching packet always has MSS 0`;
  if (!hasMss && (s.window.kind === 'mss' || s.window.kind === 'mtu')) return `its window '${s.window.kind}*${s.window.multiplier}' needs an MSS, but its layout has no 'mss' option`;
  if (s.mss >= 0 && s.mss < 100 && (s.window.kind === 'mss' || s.window.kind === 'mtu')) return `its window '${s.window.kind}*${s.window.multiplier}' needs an MSS of at least 100 to be detected, but it requires MSS ${s.mss}`;
  const q = s.quirks;
  if ((q & QUIRK_BIT['ts1-']) !== 0 && !hasTs) return "quirk 'ts1-' needs a 'ts' option, which the layout lacks";
  if ((q & QUIRK_BIT['ts2+']) !== 0 && !hasTs) return "quirk 'ts2+' needs a 'ts' option, which the layout lacks";
  if ((q & QUIRK_BIT['ts2+']) !== 0 && s.direction === 'response') return "quirk 'ts2+' is only ever seen on SYN packets, not SYN+ACK";
  if ((q & QUIRK_BIT.exws) !== 0 && !hasWs) return "quirk 'exws' needs a 'ws' option, which the layout lacks";
  if ((q & QUIRK_BIT.exws) !== 0 && s.windowScale >= 0 && s.windowScale <= 14) return `quirk 'exws' means a scale above 14, but it requires scale ${s.windowScale}`;
  if ((q & QUIRK_BIT.exws) === 0 && s.windowScale > 14) return `scale ${s.windowScale} always sets the 'exws' quirk, which the signature lacks`;
  if ((q & QUIRK_BIT['ack-']) !== 0 && s.direction === 'request') return "quirk 'ack-' needs the ACK flag, which a SYN never has";
  if ((q & QUIRK_BIT['ack+']) !== 0 && s.direction === 'response') return "quirk 'ack+' needs the ACK flag clear, which a SYN+ACK never has";
  if (packetQuirks(s, 4) === null && packetQuirks(s, 6) === null) return 'its quirks mix IPv4-only and IPv6-only quirks';
  return null;
}

function sameLayout(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function ttlRange(s: TcpSignature): [number, number] {
  return s.badTtl ? [1, s.ttl] : [Math.max(1, s.ttl - 35), s.ttl];
}

function windowCovers(r: TcpSignature, s: TcpSignature): boolean {
  const rw = r.window;
  const sw = s.window;
  if (rw.kind === 'any') return true;
  switch (sw.kind) {
    case 'any': return false;
    case 'value':
      if (rw.kind === 'value') return rw.value === sw.value;
      if (rw.kind === 'mod') return sw.value % rw.divisor === 0;
      return false;
    case 'mod':
      return (rw.kind === 'mod' && sw.divisor % rw.divisor === 0);
    case 'mss':
    case 'mtu':
      return rw.kind === sw.kind && rw.multiplier === sw.multiplier;
  }
}

/**
 * Whether every packet that matches `s` exactly also matches `r` exactly (same direction
 * assumed). Conservative: false when unsure (e.g. window multipliers against plain values).
 */
export function tcpShadows(r: TcpSignature, s: TcpSignature): boolean {
  if (!sameLayout(r.layout, s.layout)) return false;
  if (r.eolPad !== s.eolPad || r.ipOptionLength !== s.ipOptionLength) return false;
  const hasWs = s.layout.includes(TcpOption.ws);
  const hasMss = s.layout.includes(TcpOption.mss);
  const rs = effectiveOptionValue(r.windowScale, hasWs);
  const ss = effectiveOptionValue(s.windowScale, hasWs);
  if (!(rs === -1 || rs === ss)) return false;
  const rm = effectiveOptionValue(r.mss, hasMss);
  const sm = effectiveOptionValue(s.mss, hasMss);
  if (!(rm === -1 || rm === sm)) return false;
  if (!(r.payloadClass === -1 || r.payloadClass === s.payloadClass)) return false;
  const [rLo, rHi] = ttlRange(r);
  const [sLo, sHi] = ttlRange(s);
  if (rLo > sLo || rHi < sHi) return false;
  if (!windowCovers(r, s)) return false;
  let possible = false;
  for (const pv of [4, 6] as const) {
    const sq = packetQuirks(s, pv);
    if (sq === null) continue;
    possible = true;
    if (packetQuirks(r, pv) !== sq) return false;
  }
  return possible;
}
