/**
 * The signature fuzzer: for every TCP signature, synthesise packets it should match,
 * decode them with the runtime decoder (to prove the packet carries the intended
 * observation), match them, and classify the signature as reached, shadowed by an
 * earlier signature, preempted by a later specific one, or not synthesisable.
 * Everything is deterministic for a given seed.
 */
import { QUIRK_BIT, TcpObservation, type Direction, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { formatTcpRawSig } from '../../runtime/fingerprint/raw-sig.js';
import { DecodedPacket, PacketDecoder } from '../../runtime/decode/decode-packet.js';
import { formatAddress } from '../../runtime/output/address-text.js';
import type { TcpMatchResult } from '../../runtime/match/match-result.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { createInterpretedMtuMatcher } from '../../runtime/match/mtu-matcher.js';
import { createInterpretedTcpMatcher } from '../../runtime/match/tcp-interpreter.js';
import type { MtuMatcher, TcpMatcher } from '../../runtime/match/tcp-matcher.js';
import { rawMtu } from '../../runtime/fingerprint/mtu.js';
import { buildTcpPacket, tcpOpt, type TcpPacketSpec } from '../../runtime/synth/packet-builder.js';
import { packetSpecForObservation, SeededRandom, synthesizeForSignature, type Realised } from './synthesize.js';

/** What p0f prints for one syn / syn+ack, in log form. */
export interface ExpectedObservation {
  readonly keyword: string;
  /** `os=...` or `app=...` */
  readonly label: string;
  readonly dist: string;
  readonly params: string;
  readonly rawSig: string;
}

export interface FuzzCase {
  /** `exact`: synthesised to match the signature; `perturbed`: then nudged towards fuzzy or no match. */
  readonly variant: 'exact' | 'perturbed';
  readonly direction: Direction;
  readonly signature: TcpSignature;
  readonly peerMss: number;
  /** Client address and port as p0f prints them (`cli=`). */
  readonly client: string;
  readonly server: string;
  /** For a response case, the SYN that opens the flow first. */
  readonly syn: Uint8Array | null;
  readonly packet: Uint8Array;
  /** Our matcher's answer for the decoded packet. */
  readonly result: TcpMatchResult;
  readonly expected: ExpectedObservation;
  /** The `link=...|raw_mtu=...` fields of the mtu line p0f should print next, or null for none. */
  readonly expectedMtu: string | null;
}

export type SignatureOutcome =
  /**
   * `reached`: every packet matched the signature. `partly-shadowed`: some did, others
   * matched `winners`. `shadowed`: none did. A winner is usually an earlier signature
   * covering this one; for a generic signature it can also be a later specific one.
   */
  | { readonly kind: 'reached' | 'partly-shadowed' | 'shadowed'; readonly cases: number; readonly reached: number; readonly winners: readonly TcpSignature[] }
  | { readonly kind: 'missed'; readonly result: string; readonly cases: number }
  | { readonly kind: 'unsynthesisable'; readonly reason: string }
  | { readonly kind: 'synthesis-error'; readonly detail: string };

export interface SignatureReport {
  readonly signature: TcpSignature;
  readonly outcome: SignatureOutcome;
}

export interface FuzzRun {
  readonly seed: number;
  readonly reports: readonly SignatureReport[];
  readonly cases: readonly FuzzCase[];
}

export interface FuzzOptions {
  readonly seed: number;
  /** Packets per signature. */
  readonly runs: number;
  readonly matcher?: TcpMatcher;
  /** Also emit a perturbed copy of each packet (TTL out of range, quirks dropped or added), for the oracle. */
  readonly perturb?: boolean;
}

const PERTURBATIONS = ['ttl-above', 'ttl-far-below', 'drop-df', 'add-ecn', 'zero-id', 'window'] as const;

/** A copy of `obs` nudged one way; may fail to be realisable, which the caller skips. */
function perturb(obs: TcpObservation, rng: SeededRandom): TcpObservation {
  const p = new TcpObservation();
  Object.assign(p, obs);
  p.layout.set(obs.layout);
  switch (rng.pick(PERTURBATIONS)) {
    case 'ttl-above':
      p.ttl = Math.min(255, obs.ttl + rng.int(1, 40));
      break;
    case 'ttl-far-below':
      p.ttl = Math.max(1, obs.ttl - rng.int(36, 70));
      break;
    case 'drop-df':
      p.quirks &= ~(QUIRK_BIT.df | QUIRK_BIT['id+']);
      break;
    case 'add-ecn':
      p.quirks |= QUIRK_BIT.ecn;
      break;
    case 'zero-id':
      if ((p.quirks & QUIRK_BIT.df) === 0) p.quirks |= QUIRK_BIT['id-'];
      else p.quirks &= ~QUIRK_BIT['id+'];
      break;
    case 'window':
      p.window = (obs.window + rng.int(1, 64)) & 0xffff;
      break;
  }
  return p;
}

const SENDSYN_MSS = 1331;
const SENDSYN_WIN = 1337;
const MAX_DIST = 35;

/** p0f's `os`/`app`, `dist` and `params` fields for a match result (spec §6.1). */
export function describeResult(db: SignatureDatabase, result: TcpMatchResult, obs: TcpObservation, sendsyn: boolean): Pick<ExpectedObservation, 'label' | 'dist' | 'params'> {
  const params: string[] = [];
  let label = 'os=???';
  let dist = String(result.distance);
  if (result.kind === 'match') {
    const sig = result.signature;
    const name = db.names[sig.nameId] ?? '???';
    label = `${sig.classId === -1 || sendsyn ? 'app' : 'os'}=${sig.flavor !== null ? `${name} ${sig.flavor}` : name}`;
    if (sig.badTtl) dist = `<= ${result.distance}`;
    if (sig.generic) params.push('generic');
    if (result.tier === 'fuzzy') params.push('fuzzy');
    if (sig.badTtl) params.push('random_ttl');
  }
  if (result.distance > MAX_DIST) params.push('excess_dist');
  if (obs.tos !== 0) params.push(`tos:0x${obs.tos.toString(16).padStart(2, '0')}`);
  return { label, dist, params: params.length > 0 ? params.join(' ') : 'none' };
}

function addressFor(version: 4 | 6, side: 'client' | 'server', index: number): Uint8Array {
  if (version === 4) return Uint8Array.of(side === 'client' ? 10 : 172, side === 'client' ? (index >>> 16) & 0xff : 16 + ((index >>> 16) & 0x0f), (index >>> 8) & 0xff, (index & 0xff) | 0);
  const a = new Uint8Array(16);
  a.set([0x20, 0x01, 0x0d, 0xb8, 0, side === 'client' ? 1 : 2]);
  a[12] = (index >>> 24) & 0xff;
  a[13] = (index >>> 16) & 0xff;
  a[14] = (index >>> 8) & 0xff;
  a[15] = index & 0xff;
  return a;
}

function sameObservation(a: TcpObservation, b: TcpObservation): string | null {
  const fields = ['ipVersion', 'ttl', 'ipOptionLength', 'mss', 'window', 'windowScale', 'eolPad', 'quirks', 'payloadClass', 'ts1', 'totalHeaderLength', 'layoutLength'] as const;
  for (const f of fields) if (a[f] !== b[f]) return `${f}: intended ${a[f]}, decoded ${b[f]}`;
  for (let i = 0; i < a.layoutLength; i++) if (a.layout[i] !== b.layout[i]) return `layout[${i}]: intended ${a.layout[i]}, decoded ${b.layout[i]}`;
  return null;
}

/** The client SYN that opens a flow for a SYN+ACK case: an OS-looking SYN carrying `mss`. */
function openingSyn(version: 4 | 6, client: Uint8Array, server: Uint8Array, port: number, mss: number): TcpPacketSpec {
  return {
    ipVersion: version,
    src: client,
    dst: server,
    srcPort: port,
    dstPort: 80,
    ttl: 64,
    df: version === 4,
    ipId: 0x4242,
    seq: 0x01020304,
    window: 29201,
    // An unusual layout no stock signature uses, so the SYN never matches a userland tool (which would drop the flow).
    options: [tcpOpt.mss(mss), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok(), tcpOpt.nop(), tcpOpt.ws(3), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.nop()],
  };
}

const PEER_MSS_POOL = [1460, 1460, 1380, 536, 1440, 8960, 1, 5, 13];

/**
 * Draws a peer MSS for a response (none for a request) and synthesises. A large
 * `mss*N` on a SYN+ACK is only reachable through a tiny peer MSS (spec §5.3 steps 11-12),
 * so when the drawn one fails for an `mss*N` signature the other pool values are tried.
 */
function synthesizeWithPeer(sig: TcpSignature, direction: Direction, rng: SeededRandom): { peerMss: number; synth: Realised<TcpObservation> } {
  const drawn = direction === 'response' ? rng.pick(PEER_MSS_POOL) : 0;
  const first = synthesizeForSignature(sig, rng, drawn);
  if (first.ok || direction === 'request' || sig.window.kind !== 'mss') return { peerMss: drawn, synth: first };
  const others = [...new Set(PEER_MSS_POOL)].filter((m) => m !== drawn);
  for (const peerMss of others) {
    const synth = synthesizeForSignature(sig, rng, peerMss);
    if (synth.ok) return { peerMss, synth };
  }
  return { peerMss: drawn, synth: { ok: false, reason: `${first.reason}, nor with a peer MSS of ${others.join(', ')}` } };
}

/**
 * Turns intended observations into fuzz cases: packet (plus opening SYN for a SYN+ACK),
 * decode round-trip check, our match and the log fields p0f should print. Each case
 * gets its own client and server address, so p0f's host state never links two cases.
 */
export class FuzzCaseBuilder {
  private readonly decoder = new PacketDecoder({ compat: true });
  private readonly decoded = new DecodedPacket();
  private index = 1;

  constructor(
    private readonly db: SignatureDatabase,
    private readonly matcher: TcpMatcher,
    private readonly mtu: MtuMatcher = createInterpretedMtuMatcher(db.mtu),
  ) {}

  private decode(bytes: Uint8Array): TcpObservation | null {
    const status = this.decoder.decode({ data: bytes, capturedLength: bytes.length, originalLength: bytes.length, seconds: 0, microseconds: 0, linkType: 101 }, this.decoded);
    return status === 'ok' ? this.decoded.tcp : null;
  }

  /** A case, or why none could be made (`unrealisable: ...` when the observation cannot be put on the wire). */
  build(sig: TcpSignature, direction: Direction, obs: TcpObservation, peerMss: number, variant: FuzzCase['variant']): FuzzCase | string {
    const version = obs.ipVersion;
    const caseIndex = this.index;
    const client = addressFor(version, 'client', caseIndex);
    const server = addressFor(version, 'server', caseIndex);
    const clientPort = 1024 + (caseIndex % 60000);
    const ports = direction === 'request' ? { src: clientPort, dst: 80 } : { src: 80, dst: clientPort };
    const spec = packetSpecForObservation(obs, direction, ports);
    if (!spec.ok) return `unrealisable: ${spec.reason}`;
    const packet = buildTcpPacket({ ...spec.value, src: direction === 'request' ? client : server, dst: direction === 'request' ? server : client, seq: spec.value.seq === 0 ? 0 : 0x10000001 + caseIndex });
    const got = this.decode(packet);
    const mismatch = got === null ? 'the decoder dropped the packet' : sameObservation(obs, got);
    if (mismatch !== null) return `${mismatch} (packet ${Buffer.from(packet).toString('hex')})`;
    this.index++;
    const result = this.matcher.match(got!, direction, peerMss);
    const sendsyn = direction === 'request' && got!.window === SENDSYN_WIN && got!.mss === SENDSYN_MSS;
    const keyword = direction === 'request' ? (sendsyn ? 'sendsyn probe' : 'syn') : 'syn+ack';
    const expected: ExpectedObservation = { keyword, ...describeResult(this.db, result, got!, sendsyn), rawSig: formatTcpRawSig(got!, peerMss, direction === 'response') };
    const syn = direction === 'response' ? buildTcpPacket(openingSyn(version, client, server, clientPort, peerMss)) : null;
    // p0f prints an mtu line after an OS or unknown result (not a tool match) when there is an MSS.
    const tool = sendsyn || (result.kind === 'match' && result.signature.classId === -1);
    const raw = rawMtu(got!);
    const expectedMtu = tool || raw === 0 ? null : `link=${this.mtu.lookup(raw) ?? '???'}|raw_mtu=${raw}`;
    return {
      variant,
      direction,
      signature: sig,
      peerMss,
      client: `${formatAddress(version, client)}/${clientPort}`,
      server: `${formatAddress(version, server)}/80`,
      syn,
      packet,
      result,
      expected,
      expectedMtu,
    };
  }
}

export function fuzzDatabase(db: SignatureDatabase, options: FuzzOptions): FuzzRun {
  const rng = new SeededRandom(options.seed);
  const builder = new FuzzCaseBuilder(db, options.matcher ?? createInterpretedTcpMatcher(db));
  const reports: SignatureReport[] = [];
  const cases: FuzzCase[] = [];
  const emit = (sig: TcpSignature, direction: Direction, obs: TcpObservation, peerMss: number, variant: FuzzCase['variant']): FuzzCase | string => {
    const made = builder.build(sig, direction, obs, peerMss, variant);
    if (typeof made !== 'string') cases.push(made);
    return made;
  };

  for (const direction of ['request', 'response'] as const) {
    const signatures = direction === 'request' ? db.tcpRequest : db.tcpResponse;
    for (const sig of signatures) {
      let outcome: SignatureOutcome | null = null;
      const seen: TcpMatchResult[] = [];
      for (let run = 0; run < options.runs && outcome === null; run++) {
        const { peerMss, synth } = synthesizeWithPeer(sig, direction, rng);
        if (!synth.ok) {
          outcome = { kind: 'unsynthesisable', reason: synth.reason };
          break;
        }
        const made = emit(sig, direction, synth.value, peerMss, 'exact');
        if (typeof made === 'string') {
          outcome = made.startsWith('unrealisable: ') ? { kind: 'unsynthesisable', reason: made.slice(14) } : { kind: 'synthesis-error', detail: made };
          break;
        }
        seen.push(made.result);
        // Perturbed copies only feed the oracle; unrealisable ones are simply skipped.
        if (options.perturb === true) emit(sig, direction, perturb(synth.value, rng), peerMss, 'perturbed');
      }
      if (outcome === null) outcome = classify(sig, seen);
      reports.push({ signature: sig, outcome });
    }
  }
  return { seed: options.seed, reports, cases };
}

function classify(sig: TcpSignature, results: readonly TcpMatchResult[]): SignatureOutcome {
  const cases = results.length;
  for (const r of results) {
    if (r.kind !== 'match' || r.tier === 'fuzzy') return { kind: 'missed', result: r.kind === 'match' ? `fuzzy match on line ${r.signature.line}` : 'no match', cases };
  }
  const winners: TcpSignature[] = [];
  let reached = 0;
  for (const r of results) {
    if (r.kind !== 'match') continue;
    if (r.signature === sig) reached++;
    else if (!winners.includes(r.signature)) winners.push(r.signature);
  }
  winners.sort((a, b) => a.line - b.line);
  const kind = reached === cases ? 'reached' : reached === 0 ? 'shadowed' : 'partly-shadowed';
  return { kind, cases, reached, winners };
}
