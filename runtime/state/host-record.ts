/**
 * Per-address state p0f keeps (spec §7.1, HTTP companion B.8.1/B.9).
 * Classes rather than object literals so every record has one hidden shape and the
 * tables can recycle evicted records instead of allocating (flood resistance).
 */
import type { IpVersion, TcpObservation, TcpSignature } from '../fingerprint/tcp-types.js';
import type { HttpSignature } from '../fingerprint/http-types.js';

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
  readonly layout = new Uint8Array(24);
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
    this.layout.set(obs.layout.subarray(0, obs.layoutLength));
    this.layoutLength = obs.layoutLength;
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
    this.layout.set(other.layout.subarray(0, other.layoutLength));
    this.layoutLength = other.layoutLength;
    this.ts1 = other.ts1;
    this.receivedMs = other.receivedMs;
  }

  /** Option-kind sequences equal (p0f compares hashes of them). */
  sameLayout(obs: TcpObservation): boolean {
    if (obs.layoutLength !== this.layoutLength) return false;
    for (let i = 0; i < this.layoutLength; i++) if (obs.layout[i] !== this.layout[i]) return false;
    return true;
  }
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
  // ---- identity (set by the host table) ----
  ipVersion: IpVersion = 4;
  /** Network-order address; IPv4 uses the first 4 bytes. Owned by the record. */
  readonly address = new Uint8Array(16);

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
  /** Score histories, `cli` board used when the host acts as client. */
  readonly cliScores = new Uint8Array(NAT_SCORES);
  readonly srvScores = new Uint8Array(NAT_SCORES);
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

  // ---- intrusive table links (host table only) ----
  /** Hash of the key, cached for bucket moves. */
  hash = 0;
  /** Next record in the same hash bucket. */
  bucketNext: HostRecord | null = null;
  /** Age list: towards the oldest / newest end. */
  older: HostRecord | null = null;
  newer: HostRecord | null = null;

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
    this.cliScores.fill(0);
    this.srvScores.fill(0);
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

  /** The address bytes that matter (4 or 16), as a view (no copy). */
  addressView(): Uint8Array {
    return this.address.subarray(0, this.ipVersion === 4 ? 4 : 16);
  }
}
