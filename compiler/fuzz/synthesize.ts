/**
 * Signature → packet synthesis. `synthesizeForSignature` draws observations that a TCP
 * signature matches exactly (non-fuzzy), and `packetSpecForObservation` turns an
 * observation into a packet (via runtime/synth/packet-builder) that p0f would decode
 * back into the same observation. Some signatures cannot be realised on the wire (a
 * `4:` sig with IPv4 `olen` not a multiple of 4, `id-` together with `df`, ...); those
 * get a reason instead of a packet.
 */
import { QUIRK_BIT, TcpObservation, type Direction, type IpVersion, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier } from '../../runtime/fingerprint/window-multiplier.js';
import { TcpFlag, tcpOpt, type TcpOptionSpec, type TcpPacketSpec } from '../../runtime/synth/packet-builder.js';

/** A small deterministic PRNG (mulberry32), so fuzz runs reproduce from a seed. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
}

export type Realised<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const Q = QUIRK_BIT;
/** Quirks that come from the IP header and TCP flags/fields rather than from the options. */
const V6_ONLY = Q.flow;
const V4_ONLY = Q.df | Q['id+'] | Q['id-'] | Q['0+'];

function has(quirks: number, bit: number): boolean {
  return (quirks & bit) !== 0;
}

/**
 * The packet for an observation (IP + TCP, no link header). Direction picks SYN or
 * SYN+ACK. The observation's fields must be mutually consistent (as a decoder would
 * produce); otherwise the reason is returned.
 */
export function packetSpecForObservation(obs: TcpObservation, direction: Direction, ports: { src: number; dst: number }, addresses?: { src: string; dst: string }): Realised<TcpPacketSpec> {
  const v6 = obs.ipVersion === 6;
  const quirks = obs.quirks;
  const synAck = direction === 'response';
  if (v6 && (quirks & V4_ONLY) !== 0) return { ok: false, reason: 'IPv4-only quirk on an IPv6 packet' };
  if (!v6 && (quirks & V6_ONLY) !== 0) return { ok: false, reason: "'flow' on an IPv4 packet" };
  if (has(quirks, Q['id+']) && !has(quirks, Q.df)) return { ok: false, reason: "'id+' without 'df'" };
  if (has(quirks, Q['id-']) && has(quirks, Q.df)) return { ok: false, reason: "'id-' with 'df'" };
  if (v6 && obs.ipOptionLength !== 0) return { ok: false, reason: 'IP options on IPv6' };
  if (obs.ipOptionLength % 4 !== 0 || obs.ipOptionLength > 40) return { ok: false, reason: `IP option length ${obs.ipOptionLength}` };
  if (synAck && has(quirks, Q['ack+'])) return { ok: false, reason: "'ack+' needs the ACK flag clear" };
  if (!synAck && has(quirks, Q['ack-'])) return { ok: false, reason: "'ack-' needs the ACK flag set" };
  if (synAck && has(quirks, Q['ts2+'])) return { ok: false, reason: "'ts2+' only on a SYN" };
  if (has(quirks, Q.bad)) return { ok: false, reason: "'bad' (malformed options) is not synthesised" };

  const layout = Array.from(obs.layout.subarray(0, obs.layoutLength));
  const hasTs = layout.includes(8);
  const hasWs = layout.includes(3);
  if (has(quirks, Q['ts1-']) !== (hasTs && obs.ts1 === 0)) return { ok: false, reason: "'ts1-' disagrees with the timestamp" };
  if (has(quirks, Q['ts2+']) && !hasTs) return { ok: false, reason: "'ts2+' without a timestamp option" };
  if (has(quirks, Q.exws) !== (hasWs && obs.windowScale > 14)) return { ok: false, reason: "'exws' disagrees with the window scale" };
  if (!layout.includes(2) && obs.mss !== 0) return { ok: false, reason: 'MSS value without an MSS option' };
  if (!hasWs && obs.windowScale !== 0) return { ok: false, reason: 'window scale without a WS option' };
  if (!hasTs && obs.ts1 !== 0) return { ok: false, reason: 'TSval without a TS option' };
  const eolAt = layout.indexOf(0);
  if (eolAt !== -1 && eolAt !== layout.length - 1) return { ok: false, reason: 'EOL before the last option' };
  if (eolAt === -1 && obs.eolPad !== 0) return { ok: false, reason: 'EOL padding without EOL' };
  if (has(quirks, Q['opt+']) && (eolAt === -1 || obs.eolPad < 2)) return { ok: false, reason: "'opt+' needs EOL with 2+ padding bytes" };

  const options: TcpOptionSpec[] = [];
  let length = 0;
  for (const kind of layout) {
    let opt: TcpOptionSpec;
    switch (kind) {
      case 0: {
        const raw = new Uint8Array(1 + obs.eolPad);
        // A non-zero byte after EOL, not in the last position (where p0f misses it).
        if (has(quirks, Q['opt+'])) raw[1] = 1;
        opt = { kind: 0, raw };
        break;
      }
      case 1: opt = tcpOpt.nop(); break;
      case 2: opt = tcpOpt.mss(obs.mss); break;
      case 3: opt = tcpOpt.ws(obs.windowScale); break;
      case 4: opt = tcpOpt.sok(); break;
      case 5: opt = tcpOpt.sack([[1, 2]]); break;
      case 8: opt = tcpOpt.ts(obs.ts1, has(quirks, Q['ts2+']) ? 1 : 0); break;
      default: opt = tcpOpt.other(kind); break;
    }
    options.push(opt);
    length += opt.raw.length;
  }
  if (layout.length > 24) return { ok: false, reason: 'more than 24 options' };
  // The header is padded to 4 bytes with zeros, which p0f would read as an extra EOL;
  // grow a variable-length option instead (SACK or an unknown kind) when there is one.
  const slack = (4 - (length % 4)) % 4;
  if (slack !== 0) {
    const i = options.findIndex((o) => o.kind === 5 || (o.kind > 8 || o.kind === 6 || o.kind === 7));
    if (i === -1) return { ok: false, reason: `options take ${length} bytes, not a multiple of 4` };
    const o = options[i]!;
    const raw = new Uint8Array(o.raw.length + slack);
    raw.set(o.raw);
    raw[1] = raw.length;
    options[i] = { kind: o.kind, raw };
    length += slack;
  }
  if (length > 40) return { ok: false, reason: `options take ${length} bytes` };

  let flags = synAck ? TcpFlag.syn | TcpFlag.ack : TcpFlag.syn;
  if (has(quirks, Q['urgf+'])) flags |= TcpFlag.urg;
  if (has(quirks, Q['pushf+'])) flags |= TcpFlag.psh;
  const df = has(quirks, Q.df);
  const ipId = df ? (has(quirks, Q['id+']) ? 0x1234 : 0) : has(quirks, Q['id-']) ? 0 : 0x1234;
  let ack = 0;
  if (has(quirks, Q['ack+'])) ack = 0x01000000;
  else if (synAck && !has(quirks, Q['ack-'])) ack = 0x00001235;
  const spec: TcpPacketSpec = {
    ipVersion: obs.ipVersion,
    ...(addresses !== undefined ? { src: addresses.src, dst: addresses.dst } : {}),
    srcPort: ports.src,
    dstPort: ports.dst,
    ttl: obs.ttl,
    ecn: has(quirks, Q.ecn) ? 1 : 0,
    dscp: obs.tos,
    df,
    ipId,
    reservedFlag: has(quirks, Q['0+']),
    flowLabel: has(quirks, Q.flow) ? 0x12345 : 0,
    ipOptions: obs.ipOptionLength,
    seq: has(quirks, Q['seq-']) ? 0 : 0x10000001,
    ack,
    flags,
    window: obs.window,
    urgentPointer: has(quirks, Q['uptr+']) ? 1 : 0,
    options,
    payload: obs.payloadClass === 1 ? 'x' : new Uint8Array(0),
  };
  return { ok: true, value: spec };
}

/**
 * Draws one observation that `sig` matches exactly (without fuzziness), or says why the
 * signature cannot be realised. `peerMss` is what the caller will use for a SYN+ACK.
 */
export function synthesizeForSignature(sig: TcpSignature, rng: SeededRandom, peerMss: number): Realised<TcpObservation> {
  // For a `*` signature pick a version that can carry its unstripped quirks and IP options.
  const needsV4 = sig.ipOptionLength !== 0 || has(sig.quirks, Q['0+']);
  const ipVersion: IpVersion = sig.ipVersion !== 'any' ? sig.ipVersion : needsV4 ? 4 : rng.pick([4, 6] as const);
  let quirks = sig.quirks;
  if (sig.ipVersion === 'any') quirks &= ipVersion === 4 ? ~Q.flow : ~(Q.df | Q['id+'] | Q['id-']);
  const layout = sig.layout;
  const obs = new TcpObservation();
  obs.ipVersion = ipVersion;
  const maxDrop = sig.badTtl ? sig.ttl - 1 : Math.min(35, sig.ttl - 1);
  obs.ttl = sig.ttl - rng.int(0, Math.max(0, maxDrop));
  obs.ipOptionLength = sig.ipOptionLength;
  obs.layout.set(layout.slice(0, 24));
  obs.layoutLength = Math.min(layout.length, 24);
  obs.eolPad = sig.eolPad;
  obs.quirks = quirks;
  obs.payloadClass = sig.payloadClass === -1 ? rng.pick([0, 1] as const) : sig.payloadClass;
  const hasMss = layout.includes(2);
  const w = sig.window;
  // Keep mss*N / mtu*N windows within 16 bits when the MSS is ours to choose.
  const mssCap = w.kind === 'mss' ? Math.floor(65535 / w.multiplier) : w.kind === 'mtu' ? Math.floor(65535 / w.multiplier) - 40 : 9000;
  const freeMss = (): number => {
    const pick = rng.pick([536, 1360, 1380, 1400, 1440, 1460, rng.int(100, 9000)]);
    return pick <= mssCap ? pick : rng.int(100, Math.max(100, mssCap));
  };
  obs.mss = sig.mss !== -1 ? sig.mss : hasMss ? freeMss() : 0;
  const wantExws = has(quirks, Q.exws);
  obs.windowScale = sig.windowScale !== -1 ? sig.windowScale : layout.includes(3) ? (wantExws ? rng.int(15, 255) : rng.int(0, 14)) : 0;
  const hasTs = layout.includes(8);
  obs.ts1 = hasTs && !has(quirks, Q['ts1-']) ? rng.int(1, 0x7fffffff) : 0;
  const optionBytes = layout.reduce((n, k) => n + (k === 0 ? 1 + sig.eolPad : k === 1 ? 1 : k === 2 ? 4 : k === 3 ? 3 : k === 4 ? 2 : k === 8 ? 10 : k === 5 ? 10 : 2), 0);
  obs.totalHeaderLength = (ipVersion === 6 ? 40 : 20 + sig.ipOptionLength) + 20 + ((optionBytes + 3) & ~3);

  const scratch = { multiplier: -1, useMtu: false };
  for (let attempt = 0; attempt < 20; attempt++) {
    switch (w.kind) {
      case 'any': obs.window = rng.int(0, 65535); break;
      case 'value': obs.window = w.value; break;
      case 'mod': obs.window = w.divisor * rng.int(0, Math.floor(65535 / w.divisor)); break;
      case 'mss': obs.window = obs.mss * w.multiplier; break;
      case 'mtu': obs.window = rng.pick([obs.mss + 40, 1500]) * w.multiplier; break;
    }
    if (obs.window > 65535) return { ok: false, reason: `window ${w.kind}*${'multiplier' in w ? w.multiplier : ''} exceeds 65535 with MSS ${obs.mss}` };
    if (w.kind !== 'mss' && w.kind !== 'mtu') return { ok: true, value: obs };
    const m = detectWindowMultiplier(obs, peerMss, scratch);
    if (m.multiplier === w.multiplier && m.useMtu === (w.kind === 'mtu')) return { ok: true, value: obs };
    if (!hasMss) return { ok: false, reason: `${w.kind}*${w.multiplier} needs an MSS option of at least 100` };
    if (sig.mss !== -1) break;
    obs.mss = rng.int(100, Math.max(100, Math.min(1460, mssCap)));
  }
  return { ok: false, reason: `no window found that detects as ${w.kind}*${w.kind === 'mss' || w.kind === 'mtu' ? w.multiplier : ''}` };
}
