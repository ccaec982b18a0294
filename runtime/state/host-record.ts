/**
 * Per-address state p0f keeps (spec §7.1, HTTP companion B.8.1/B.9).
 * Classes rather than object literals so every record has one hidden shape and the
 * tables can recycle evicted records instead of allocating (flood resistance).
 */
import type { IpVersion, TcpObservation, TcpSignature } from '../fingerprint/tcp-types.js';
import type { HttpSignature } from '../fingerprint/http-types.js';
import { readChunk, writeChunks } from './address-hash.js';

/** Size of each NAT score history (NAT_SCORES). */
export const NAT_SCORES = 32;

/**
 * A SYN or SYN+ACK signature as stored on the host (`last_syn` / `last_synack`):
 * the observed packet facts NAT scoring and uptime compare against, plus the match.
 */
export class StoredTcpSignature {
  /** The matched signature, or null when the packet matched nothing. */
  matched: TcpSignature | null = null;
  fuzzy = false;
  generic = false;
  /** Distance as computed by the matcher (unsigned 8-bit). */
  distance = 0;
  ttl = 0;
  mss = 0;
  quirks = 0;
  /** Option kinds packed four per word (24 kinds max), compared for NAT `sig_diff`. */
  private l0 = 0; private l1 = 0; private l2 = 0; private l3 = 0; private l4 = 0; private l5 = 0;
  layoutLength = 0;
  ts1 = 0;
  /** Capture time in milliseconds. */
  receivedMs = 0;

  /** Copies the packet facts (no allocation: the layout buffer is reused). */
  assign(obs: TcpObservation, matched: TcpSignature | null, fuzzy: boolean, distance: number): void {
    this.matched = matched;
    this.fuzzy = fuzzy;
    this.generic = matched !== null && matched.generic;
    this.distance = distance;
    this.ttl = obs.ttl;
    this.mss = obs.mss;
    this.quirks = obs.quirks;
    const l = obs.layout;
    const n = obs.layoutLength;
    this.l0 = packLayout(l, n, 0); this.l1 = packLayout(l, n, 4); this.l2 = packLayout(l, n, 8);
    this.l3 = packLayout(l, n, 12); this.l4 = packLayout(l, n, 16); this.l5 = packLayout(l, n, 20);
    this.layoutLength = n;
    this.ts1 = obs.ts1;
    this.receivedMs = obs.receivedMs;
  }

  copyFrom(other: StoredTcpSignature): void {
    this.matched = other.matched;
    this.fuzzy = other.fuzzy;
    this.generic = other.generic;
    this.distance = other.distance;
    this.ttl = other.ttl;
    this.mss = other.mss;
    this.quirks = other.quirks;
    this.l0 = other.l0; this.l1 = other.l1; this.l2 = other.l2;
    this.l3 = other.l3; this.l4 = other.l4; this.l5 = other.l5;
    this.layoutLength = other.layoutLength;
    this.ts1 = other.ts1;
    this.receivedMs = other.receivedMs;
  }

  /** Option-kind sequences equal (p0f compares hashes of them). */
  sameLayout(obs: TcpObservation): boolean {
    const l = obs.layout;
    const n = obs.layoutLength;
    return n === this.layoutLength &&
      packLayout(l, n, 0) === this.l0 && packLayout(l, n, 4) === this.l1 && packLayout(l, n, 8) === this.l2 &&
      packLayout(l, n, 12) === this.l3 && packLayout(l, n, 16) === this.l4 && packLayout(l, n, 20) === this.l5;
  }

  /** Option kinds, for inspection (allocates). */
  layoutKinds(): number[] {
    const words = [this.l0, this.l1, this.l2, this.l3, this.l4, this.l5];
    const out: number[] = [];
    for (let i = 0; i < this.layoutLength; i++) out.push((words[i >> 2] >>> ((i & 3) * 8)) & 0xff);
    return out;
  }
}

function packLayout(kinds: Uint8Array, length: number, from: number): number {
  let w = 0;
  for (let i = 0; i < 4 && from + i < length; i++) w |= kinds[from + i] << (i * 8);
  return w >>> 0;
}

/**
 * What a host keeps of an HTTP message (companion B.8.1): only the matched signature,
 * the parsed `Date` (0 = none or unparsable) and the capture second it arrived.
 */
export interface StoredHttpMessage {
  readonly matched: HttpSignature | null;
  /** Unix seconds from the `Date` header, 0 when absent or unparsable. */
  readonly date: number;
  /** Capture time in seconds. */
  readonly receivedSeconds: number;
}

/** One tracked IP address. Field names follow p0f's host_data, in camelCase. */
export class HostRecord {
  // ---- intrusive table links (host table only); first, so a lookup touches one cache line ----
  /** Hash of the key, cached for bucket moves. */
  hash = 0;
  /** Next record in the same hash bucket. */
  bucketNext: HostRecord | null = null;
  /** Age list: towards the oldest / newest end. */
  older: HostRecord | null = null;
  newer: HostRecord | null = null;

  // ---- identity (set by the host table) ----
  ipVersion: IpVersion = 4;
  /**
   * The address as 24-bit chunks (IPv4: a0, a1; IPv6: a0..a5), small integers rather
   * than bytes so that a flood of hosts costs the collector no typed arrays and no boxes.
   */
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  a4 = 0;
  a5 = 0;

  // ---- §7.1 ----
  /** Packet time, seconds. */
  firstSeen = 0;
  lastSeen = 0;
  totalConnections = 0;
  /** Flows referencing this host; a host in use is never expired or pruned. */
  useCount = 0;
  /** Null until the first OS/unknown SYN (resp. SYN+ACK) has been stored. */
  lastSyn: StoredTcpSignature | null = null;
  lastSynAck: StoredTcpSignature | null = null;
  /** -1 = none; set by TCP and by OS-class HTTP matches. */
  lastClassId = -1;
  lastNameId = -1;
  lastFlavor: string | null = null;
  /** bit0 fuzzy, bit1 generic (API `os_match_q`). */
  lastQuality = 0;
  /** Label of the matched `[mtu]` signature. */
  linkType: string | null = null;
  /**
   * Score histories: `cli` board in 0..31 (used when the host acts as client), `srv` in
   * 32..63. Null while both are all zero, which is what nearly every host stays.
   */
  scores: Uint8Array | null = null;
  /** Accumulated reason bits (NatReason) since the last `ip sharing`. */
  natReasons = 0;
  /** Packet seconds of the last `ip sharing` / `host change` event (0 = never). */
  lastNat = 0;
  lastChange = 0;
  /** Client port of the last scored SYN or SYN+ACK (0 = none). */
  lastPort = 0;
  /** Unsigned 8-bit; 255 until measured. */
  distance = 255;
  /** -1 = no uptime measured. */
  lastUptimeMinutes = -1;
  upModDays = 0;

  // ---- HTTP (B.8.1 / B.9) ----
  /** Last request that matched an OS-class HTTP signature. */
  httpRequestOs: StoredHttpMessage | null = null;
  /** Last response from this host, matched or not, and its server port. */
  httpResponse: StoredHttpMessage | null = null;
  httpResponsePort = 0;
  /** 0 honest, 1 UA names another OS, 2 failed expected-software check. */
  badSoftware: 0 | 1 | 2 = 0;
  language: string | null = null;
  /** -1 = none. */
  httpNameId = -1;
  httpFlavor: string | null = null;

  /** Backing storage reused across stores and host recycling. */
  private synStorage: StoredTcpSignature | null = null;
  private synAckStorage: StoredTcpSignature | null = null;

  /** Records `last_syn` (the storage is reused, so no allocation after the first). */
  storeLastSyn(obs: TcpObservation, matched: TcpSignature | null, fuzzy: boolean, distance: number): void {
    const slot = (this.synStorage ??= new StoredTcpSignature());
    slot.assign(obs, matched, fuzzy, distance);
    this.lastSyn = slot;
  }

  storeLastSynAck(obs: TcpObservation, matched: TcpSignature | null, fuzzy: boolean, distance: number): void {
    const slot = (this.synAckStorage ??= new StoredTcpSignature());
    slot.assign(obs, matched, fuzzy, distance);
    this.lastSynAck = slot;
  }

  /** Clears everything except the table links, for reuse (§7.3 create_host defaults). */
  reset(nowSeconds: number): void {
    this.firstSeen = nowSeconds;
    this.lastSeen = nowSeconds;
    this.totalConnections = 0;
    this.useCount = 0;
    this.lastSyn = null;
    this.lastSynAck = null;
    this.lastClassId = -1;
    this.lastNameId = -1;
    this.lastFlavor = null;
    this.lastQuality = 0;
    this.linkType = null;
    this.scores = null;
    this.natReasons = 0;
    this.lastNat = 0;
    this.lastChange = 0;
    this.lastPort = 0;
    this.distance = 255;
    this.lastUptimeMinutes = -1;
    this.upModDays = 0;
    this.httpRequestOs = null;
    this.httpResponse = null;
    this.httpResponsePort = 0;
    this.badSoftware = 0;
    this.language = null;
    this.httpNameId = -1;
    this.httpFlavor = null;
  }

  /** Sets the identity from packet bytes (4 or 16 at `offset`). */
  setAddress(ipVersion: IpVersion, bytes: Uint8Array, offset: number): void {
    this.ipVersion = ipVersion;
    const n = ipVersion === 4 ? 4 : 16;
    this.a0 = readChunk(bytes, offset, n, 0);
    this.a1 = readChunk(bytes, offset, n, 1);
    this.a2 = readChunk(bytes, offset, n, 2);
    this.a3 = readChunk(bytes, offset, n, 3);
    this.a4 = readChunk(bytes, offset, n, 4);
    this.a5 = readChunk(bytes, offset, n, 5);
  }

  /**
   * Network-order address bytes (4 or 16), a fresh copy on every call. Not cached: a
   * cached copy would outlive the packet and push one object per host into the old
   * generation, which is what makes a SYN flood expensive for the collector.
   */
  get address(): Uint8Array {
    const b = new Uint8Array(this.ipVersion === 4 ? 4 : 16);
    writeChunks(b, b.length, [this.a0, this.a1, this.a2, this.a3, this.a4, this.a5]);
    return b;
  }

  /** One score board as a copy (for inspection; the live boards are in `scores`). */
  board(role: 'cli' | 'srv'): number[] {
    const out = new Array<number>(NAT_SCORES).fill(0);
    if (this.scores !== null) for (let i = 0; i < NAT_SCORES; i++) out[i] = this.scores[(role === 'cli' ? 0 : NAT_SCORES) + i];
    return out;
  }
}
