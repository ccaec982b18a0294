/**
 * Signature → packet synthesis. `synthesizeForSignature` draws observations that a TCP
 * signature matches exactly (non-fuzzy), and `packetSpecForObservation` turns an
 * observation into a packet (via runtime/synth/packet-builder) that p0f would decode
 * back into the same observation. The `bad` quirk is produced by malformed options
 * (malformed-options.ts). Some signatures cannot be realised on the wire (an `olen` that
 * is not a multiple of 4, `id-` together with `df`, `mss*N` without an MSS option, ...);
 * those get a reason instead of a packet.
 */
import { QUIRK_BIT, TcpObservation, type Direction, type IpVersion, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { TcpFlag, tcpOpt, type TcpOptionSpec, type TcpPacketSpec } from '../../runtime/synth/packet-builder.js';
import { cutOptionBytes, layoutNames, maxVariableLength, optionAreaBytes, planBadOptions, valuesLostByPlan, wrongLengthByte, type BadOptionsPlan } from './malformed-options.js';
import { windowsDetectedAs } from './window-candidates.js';

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

/** Why p0f never sees this IP option length (spec §2.2, §2.3). */
function ipOptionLengthReason(olen: number): string {
  return `IP option length ${olen}: p0f takes it from the IPv4 header length (0 to 40 in steps of 4; always 0 for IPv6)`;
}

const NOTHING_LOST = { mss: false, ws: false, ts: false } as const;

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
  if (obs.ipOptionLength % 4 !== 0 || obs.ipOptionLength > 40) return { ok: false, reason: ipOptionLengthReason(obs.ipOptionLength) };
  if (synAck && has(quirks, Q['ack+'])) return { ok: false, reason: "'ack+' needs the ACK flag clear" };
  if (!synAck && has(quirks, Q['ack-'])) return { ok: false, reason: "'ack-' needs the ACK flag set" };
  if (synAck && has(quirks, Q['ts2+'])) return { ok: false, reason: "'ts2+' only on a SYN" };

  const layout = Array.from(obs.layout.subarray(0, obs.layoutLength));
  let plan: BadOptionsPlan | null = null;
  if (has(quirks, Q.bad)) {
    const planned = planBadOptions(layout, obs.eolPad);
    if (!planned.ok) return planned;
    plan = planned.value;
  }
  // An option cut short for `bad` is recorded in the layout but sets no value.
  const lost = plan === null ? NOTHING_LOST : valuesLostByPlan(plan, layout);
  const hasTs = layout.includes(8) && !lost.ts;
  const hasWs = layout.includes(3) && !lost.ws;
  const hasMss = layout.includes(2) && !lost.mss;
  if (has(quirks, Q['ts1-']) !== (hasTs && obs.ts1 === 0)) return { ok: false, reason: "'ts1-' disagrees with the timestamp" };
  if (has(quirks, Q['ts2+']) && !hasTs) return { ok: false, reason: "'ts2+' without a timestamp option" };
  if (has(quirks, Q.exws) !== (hasWs && obs.windowScale > 14)) return { ok: false, reason: "'exws' disagrees with the window scale" };
  if (!hasMss && obs.mss !== 0) return { ok: false, reason: 'MSS value without an MSS option' };
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
  // Which option gets malformed, and how, varies with the observation (deterministically).
  const variant = (obs.window ^ obs.ttl ^ obs.mss) >>> 0;
  const last = options.length - 1;
  if (plan?.kind === 'wrong-length') {
    const i = plan.candidates[variant % plan.candidates.length]!;
    const o = options[i]!;
    const raw = Uint8Array.from(o.raw);
    raw[1] = wrongLengthByte(o.kind, variant >>> 3);
    options[i] = { kind: o.kind, raw };
  } else if (plan?.kind === 'cut-last') {
    const o = options[last]!;
    length += plan.bytes - o.raw.length;
    options[last] = { kind: o.kind, raw: cutOptionBytes(o.kind, plan.bytes, variant) };
  } else if (plan?.kind === 'trailing') {
    // Zeros p0f never reads: it stops after 24 options.
    options.push({ kind: 0, raw: new Uint8Array(plan.bytes) });
    length += plan.bytes;
  }
  // The header is padded to 4 bytes with zeros, which p0f would read as an extra EOL;
  // grow a variable-length option instead (SACK or an unknown kind) when there is one.
  const slack = (4 - (length % 4)) % 4;
  if (slack !== 0) {
    const i = options.findIndex((o, j) => !(plan?.kind === 'cut-last' && j === last) && o.raw.length + slack <= maxVariableLength(o.kind));
    // (A 'trailing' plan already ends on a 4-byte boundary, so its filler is never grown.)
    if (i === -1) return { ok: false, reason: `options take ${length} bytes; the zero padding to a 4-byte boundary would read as an extra eol` };
    const o = options[i]!;
    const raw = new Uint8Array(o.raw.length + slack);
    raw.set(o.raw);
    raw[1] = raw.length;
    options[i] = { kind: o.kind, raw };
    length += slack;
  }
  if (length > 40) return { ok: false, reason: `options take ${length} bytes, over the 40 a TCP header holds` };

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
  const olen = sig.ipOptionLength;
  if (olen % 4 !== 0 || olen > 40) return { ok: false, reason: ipOptionLengthReason(olen) };
  // p0f never compares a signature's `ver` with the packet's, so IP options (IPv4 only)
  // can reach a `6:` signature too, unless it needs `flow` (IPv6 only; only a `*`
  // signature has it stripped for an IPv4 packet).
  if (olen !== 0 && sig.ipVersion !== 'any' && has(sig.quirks, Q.flow)) return { ok: false, reason: `IP option length ${olen} needs IPv4 (p0f's IPv6 option length is always 0), but 'flow' needs IPv6` };
  const needsV4 = olen !== 0 || has(sig.quirks, Q['0+']);
  const ipVersion: IpVersion = needsV4 ? 4 : sig.ipVersion !== 'any' ? sig.ipVersion : rng.pick([4, 6] as const);
  let quirks = sig.quirks;
  if (sig.ipVersion === 'any') quirks &= ipVersion === 4 ? ~Q.flow : ~(Q.df | Q['id+'] | Q['id-']);
  const layout = sig.layout;

  let plan: BadOptionsPlan | null = null;
  if (has(quirks, Q.bad)) {
    const planned = planBadOptions(layout, sig.eolPad);
    if (!planned.ok) return planned;
    plan = planned.value;
  }
  const lost = plan === null ? NOTHING_LOST : valuesLostByPlan(plan, layout);
  const cutNote = (what: string): string => `'bad' with layout ${layoutNames(layout)} needs its last option cut short, which leaves p0f no ${what}`;
  if (lost.mss && sig.mss > 0) return { ok: false, reason: `${cutNote('MSS')}, but the signature needs MSS ${sig.mss}` };
  if (lost.ws && (sig.windowScale > 0 || has(quirks, Q.exws))) return { ok: false, reason: `${cutNote('window scale')}, but the signature needs ${has(quirks, Q.exws) ? "'exws'" : `scale ${sig.windowScale}`}` };
  if (lost.ts && (has(quirks, Q['ts1-']) || has(quirks, Q['ts2+']))) return { ok: false, reason: `${cutNote('timestamp')}, but the signature needs '${has(quirks, Q['ts1-']) ? 'ts1-' : 'ts2+'}'` };
  const hasMss = layout.includes(2) && !lost.mss;
  const hasWs = layout.includes(3) && !lost.ws;
  const hasTs = layout.includes(8) && !lost.ts;

  const obs = new TcpObservation();
  obs.ipVersion = ipVersion;
  const maxDrop = sig.badTtl ? sig.ttl - 1 : Math.min(35, sig.ttl - 1);
  obs.ttl = sig.ttl - rng.int(0, Math.max(0, maxDrop));
  obs.ipOptionLength = olen;
  obs.layout.set(layout.slice(0, 24));
  obs.layoutLength = Math.min(layout.length, 24);
  obs.eolPad = sig.eolPad;
  obs.quirks = quirks;
  obs.payloadClass = sig.payloadClass === -1 ? rng.pick([0, 1] as const) : sig.payloadClass;
  const w = sig.window;
  // Keep mss*N / mtu*N windows within 16 bits when the MSS is ours to choose.
  const mssCap = w.kind === 'mss' ? Math.floor(65535 / w.multiplier) : w.kind === 'mtu' ? Math.floor(65535 / w.multiplier) - 40 : 9000;
  const freeMss = (): number => {
    const pick = rng.pick([536, 1360, 1380, 1400, 1440, 1460, rng.int(100, 9000)]);
    return pick <= mssCap ? pick : rng.int(100, Math.max(100, mssCap));
  };
  obs.mss = sig.mss !== -1 ? sig.mss : hasMss ? freeMss() : 0;
  const wantExws = has(quirks, Q.exws);
  obs.windowScale = sig.windowScale !== -1 ? sig.windowScale : hasWs ? (wantExws ? rng.int(15, 255) : rng.int(0, 14)) : 0;
  obs.ts1 = hasTs && !has(quirks, Q['ts1-']) ? rng.int(1, 0x7fffffff) : 0;
  obs.totalHeaderLength = (ipVersion === 6 ? 40 : 20 + olen) + 20 + optionAreaBytes(layout, sig.eolPad, plan);

  switch (w.kind) {
    case 'any': obs.window = rng.int(0, 65535); return { ok: true, value: obs };
    case 'value': obs.window = w.value; return { ok: true, value: obs };
    case 'mod': obs.window = w.divisor * rng.int(0, Math.floor(65535 / w.divisor)); return { ok: true, value: obs };
  }
  const want = `${w.kind}*${w.multiplier}`;
  // p0f looks for window multiples only when the packet's own MSS option says 100 or more (no default, not even for a SYN+ACK with a peer MSS).
  if (!hasMss) return { ok: false, reason: layout.includes(2) ? `${cutNote('MSS')}, and without one p0f never reads a window as ${want}` : `${want} needs an MSS option: without one p0f never reads a window as a multiple (it has no default MSS)` };
  if (sig.mss !== -1 && sig.mss < 100) return { ok: false, reason: `${want} with MSS ${sig.mss}: p0f reads a window as a multiple only when the MSS is at least 100` };
  for (let attempt = 0; attempt < 20; attempt++) {
    const windows = windowsDetectedAs(obs, w.kind, w.multiplier, peerMss);
    if (windows.length > 0) {
      obs.window = rng.pick(windows);
      return { ok: true, value: obs };
    }
    if (sig.mss !== -1) break;
    // First MSS values whose own multiple fits in 16 bits, then any (another divisor may fit).
    obs.mss = rng.int(100, attempt < 10 ? Math.max(100, Math.min(1460, mssCap)) : 1460);
  }
  const given = [sig.mss !== -1 ? `MSS ${sig.mss}` : 'any MSS tried', ...(peerMss !== 0 ? [`peer MSS ${peerMss}`] : [])].join(' and ');
  return { ok: false, reason: `no window up to 65535 reads as ${want} with ${given}` };
}

