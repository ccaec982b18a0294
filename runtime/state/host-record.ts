/**
 * Per-address state p0f keeps (spec §7.1, HTTP companion B.8.1/B.9), read and written
 * through short-lived views over the host table's arena. The arena holds every field
 * as 32-bit words, so a table of half a million hosts is one typed array the garbage
 * collector never traces; the rare HTTP facts and NAT score boards live in side maps.
 */
import type { IpVersion, TcpObservation, TcpSignature } from '../fingerprint/tcp-types.js';
import type { HttpSignature } from '../fingerprint/http-types.js';
import {
  C_ADDR_HIGH, C_LAST_CHANGE, C_LAST_NAT, C_SYNACK, C_UP_MOD_DAYS, C_UPTIME_MINUTES, COLD_STRIDE,
  H_ADDR, H_CLASS, H_DISTANCE, H_FIRST_SEEN, H_FLAGS, H_FLAVOR, H_LAST_PORT, H_LAST_SEEN, H_LINK, H_NAME,
  H_NAT_REASONS, H_QUALITY, H_SYN, H_TOTAL_CONNECTIONS, HF_IPV6, HF_RARE, HF_SYN, HF_SYNACK, HOST_STRIDE,
  S_DISTANCE, S_FLAGS, S_LAYOUT, S_LAYOUT_LENGTH, S_MSS, S_QUIRKS, S_RECEIVED_MS, S_RECEIVED_SECONDS,
  S_SIG, S_TS1, S_TTL,
} from './host-layout.js';

/** Size of each NAT score history (NAT_SCORES). */
export const NAT_SCORES = 32;

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

/** The HTTP facts of a host; absent (all defaults) for nearly every host. */
export class HostHttpState {
  /** Last request that matched an OS-class HTTP signature. */
  requestOs: StoredHttpMessage | null = null;
  /** Last response from this host, matched or not, and its server port. */
  response: StoredHttpMessage | null = null;
  responsePort = 0;
  /** 0 honest, 1 UA names another OS, 2 failed expected-software check. */
  badSoftware: 0 | 1 | 2 = 0;
  language: string | null = null;
  /** -1 = none. */
  nameId = -1;
  flavor: string | null = null;
}

const HTTP_DEFAULTS: Readonly<HostHttpState> = new HostHttpState();

/**
 * Storage the views read: the host table implements it. Kept as an interface so this
 * module does not import the table (the table imports the views).
 */
export interface HostStore {
  /** The arenas; replaced when they grow, so views read them on every access. */
  readonly words: Int32Array;
  readonly cold: Int32Array;
  useCountOf(slot: number): number;
  signatureById(id: number): TcpSignature | null;
  signatureId(sig: TcpSignature | null): number;
  stringById(id: number): string | null;
  stringId(s: string | null): number;
  scoresOf(slot: number): Uint8Array | null;
  setScores(slot: number, board: Uint8Array | null): void;
  httpOf(slot: number): HostHttpState | null;
  httpFor(slot: number): HostHttpState;
}

/** Capture facts uptime estimation needs from a stored signature. */
export interface StoredTimestamp {
  readonly ts1: number;
  /** Capture time in milliseconds. */
  readonly receivedMs: number;
}

/**
 * A SYN or SYN+ACK signature as stored on the host (`last_syn` / `last_synack`):
 * the observed packet facts NAT scoring and uptime compare against, plus the match.
 */
export class StoredTcpSignature implements StoredTimestamp {
  /** `base` is a word offset in the hot arena, or in the cold one when `cold` (SYN+ACK). */
  constructor(private readonly store: HostStore, private readonly base: number, private readonly cold: boolean) {}

  private get w(): Int32Array {
    return this.cold ? this.store.cold : this.store.words;
  }

  /** The matched signature, or null when the packet matched nothing. */
  get matched(): TcpSignature | null {
    return this.store.signatureById(this.w[this.base + S_SIG]);
  }
  get fuzzy(): boolean {
    return (this.w[this.base + S_FLAGS] & 1) !== 0;
  }
  get generic(): boolean {
    return (this.w[this.base + S_FLAGS] & 2) !== 0;
  }
  /** Distance as computed by the matcher. */
  get distance(): number {
    return this.w[this.base + S_DISTANCE];
  }
  get ttl(): number {
    return this.w[this.base + S_TTL];
  }
  get mss(): number {
    return this.w[this.base + S_MSS];
  }
  get quirks(): number {
    return this.w[this.base + S_QUIRKS] >>> 0;
  }
  get layoutLength(): number {
    return this.w[this.base + S_LAYOUT_LENGTH];
  }
  get ts1(): number {
    return this.w[this.base + S_TS1] >>> 0;
  }
  get receivedMs(): number {
    const w = this.w;
    return (w[this.base + S_RECEIVED_SECONDS] >>> 0) * 1000 + w[this.base + S_RECEIVED_MS];
  }

  /** Option-kind sequences equal (p0f compares hashes of them). */
  sameLayout(obs: TcpObservation): boolean {
    const w = this.w;
    const b = this.base;
    const l = obs.layout;
    const n = obs.layoutLength;
    return n === w[b + S_LAYOUT_LENGTH] &&
      packLayout(l, n, 0) === w[b + S_LAYOUT] && packLayout(l, n, 4) === w[b + S_LAYOUT + 1] &&
      packLayout(l, n, 8) === w[b + S_LAYOUT + 2] && packLayout(l, n, 12) === w[b + S_LAYOUT + 3] &&
      packLayout(l, n, 16) === w[b + S_LAYOUT + 4] && packLayout(l, n, 20) === w[b + S_LAYOUT + 5];
  }

  /** Option kinds, for inspection (allocates). */
  layoutKinds(): number[] {
    const w = this.w;
    const out: number[] = [];
    for (let i = 0; i < this.layoutLength; i++) out.push((w[this.base + S_LAYOUT + (i >> 2)] >>> ((i & 3) * 8)) & 0xff);
    return out;
  }
}

/** Four option kinds as one signed 32-bit word (the arena's element type). */
function packLayout(kinds: Uint8Array, length: number, from: number): number {
  let w = 0;
  for (let i = 0; i < 4 && from + i < length; i++) w |= kinds[from + i] << (i * 8);
  return w | 0;
}

/** Writes a stored-signature block (no allocation). */
function storeSignature(
  store: HostStore, w: Int32Array, base: number, obs: TcpObservation, matched: TcpSignature | null, fuzzy: boolean, distance: number,
): void {
  w[base + S_SIG] = store.signatureId(matched);
  w[base + S_FLAGS] = (fuzzy ? 1 : 0) | (matched !== null && matched.generic ? 2 : 0);
  w[base + S_DISTANCE] = distance;
  w[base + S_TTL] = obs.ttl;
  w[base + S_MSS] = obs.mss;
  w[base + S_QUIRKS] = obs.quirks;
  const l = obs.layout;
  const n = obs.layoutLength;
  for (let i = 0; i < 6; i++) w[base + S_LAYOUT + i] = packLayout(l, n, i * 4);
  w[base + S_LAYOUT_LENGTH] = n;
  w[base + S_TS1] = obs.ts1;
  const seconds = Math.floor(obs.receivedMs / 1000);
  w[base + S_RECEIVED_SECONDS] = seconds;
  w[base + S_RECEIVED_MS] = obs.receivedMs - seconds * 1000;
}

/**
 * One tracked IP address, as a view of its arena slot. Field names follow p0f's
 * host_data, in camelCase. A view is only valid until its host is removed: the slot
 * is then reused, so never keep one beyond the packet being processed.
 */
export class HostRecord {
  /** Word offsets of the host in the hot and the cold arena. */
  private readonly o: number;
  private readonly c: number;
  private addressBytes: Uint8Array | null = null;

  constructor(private readonly store: HostStore, readonly slot: number) {
    this.o = slot * HOST_STRIDE;
    this.c = slot * COLD_STRIDE;
  }

  get ipVersion(): IpVersion {
    return (this.store.words[this.o + H_FLAGS] & HF_IPV6) !== 0 ? 6 : 4;
  }

  /**
   * Network-order address bytes (4 or 16), copied out of the arena once per view: the
   * events of one packet share the copy, so treat it as read-only.
   */
  get address(): Uint8Array {
    let b = this.addressBytes;
    if (b === null) {
      const w = this.store.words;
      b = this.addressBytes = new Uint8Array(this.ipVersion === 4 ? 4 : 16);
      for (let i = 0; i < b.length; i++) {
        const chunk = (i / 3) | 0;
        const word = chunk < 2 ? w[this.o + H_ADDR + chunk] : this.store.cold[this.c + C_ADDR_HIGH + chunk - 2];
        b[i] = (word >>> (16 - (i % 3) * 8)) & 0xff;
      }
    }
    return b;
  }

  /** Packet time, seconds. */
  get firstSeen(): number { return this.store.words[this.o + H_FIRST_SEEN] >>> 0; }
  get lastSeen(): number { return this.store.words[this.o + H_LAST_SEEN] >>> 0; }
  get totalConnections(): number { return this.store.words[this.o + H_TOTAL_CONNECTIONS] >>> 0; }
  /** Flows referencing this host; a host in use is never expired or pruned. */
  get useCount(): number { return this.store.useCountOf(this.slot); }

  /** `last_syn`; null until the first OS/unknown SYN has been stored. */
  get lastSyn(): StoredTcpSignature | null {
    return (this.store.words[this.o + H_FLAGS] & HF_SYN) !== 0 ? new StoredTcpSignature(this.store, this.o + H_SYN, false) : null;
  }
  /** `last_synack`; null until the first OS/unknown SYN+ACK has been stored. */
  get lastSynAck(): StoredTcpSignature | null {
    return (this.store.words[this.o + H_FLAGS] & HF_SYNACK) !== 0 ? new StoredTcpSignature(this.store, this.c + C_SYNACK, true) : null;
  }

  /** Records `last_syn`. */
  storeLastSyn(obs: TcpObservation, matched: TcpSignature | null, fuzzy: boolean, distance: number): void {
    storeSignature(this.store, this.store.words, this.o + H_SYN, obs, matched, fuzzy, distance);
    this.store.words[this.o + H_FLAGS] |= HF_SYN;
  }
  storeLastSynAck(obs: TcpObservation, matched: TcpSignature | null, fuzzy: boolean, distance: number): void {
    storeSignature(this.store, this.store.cold, this.c + C_SYNACK, obs, matched, fuzzy, distance);
    this.store.words[this.o + H_FLAGS] |= HF_SYNACK;
  }

  /** -1 = none; set by TCP and by OS-class HTTP matches. */
  get lastClassId(): number { return this.store.words[this.o + H_CLASS]; }
  set lastClassId(v: number) { this.store.words[this.o + H_CLASS] = v; }
  get lastNameId(): number { return this.store.words[this.o + H_NAME]; }
  set lastNameId(v: number) { this.store.words[this.o + H_NAME] = v; }
  get lastFlavor(): string | null { return this.store.stringById(this.store.words[this.o + H_FLAVOR]); }
  set lastFlavor(v: string | null) { this.store.words[this.o + H_FLAVOR] = this.store.stringId(v); }
  /** bit0 fuzzy, bit1 generic (API `os_match_q`). */
  get lastQuality(): number { return this.store.words[this.o + H_QUALITY]; }
  set lastQuality(v: number) { this.store.words[this.o + H_QUALITY] = v; }
  /** Label of the matched `[mtu]` signature. */
  get linkType(): string | null { return this.store.stringById(this.store.words[this.o + H_LINK]); }
  set linkType(v: string | null) { this.store.words[this.o + H_LINK] = this.store.stringId(v); }

  /**
   * Score histories: `cli` board in 0..31 (used when the host acts as client), `srv` in
   * 32..63. Null while both are all zero, which is what nearly every host stays.
   */
  get scores(): Uint8Array | null { return this.store.scoresOf(this.slot); }
  set scores(v: Uint8Array | null) { this.store.setScores(this.slot, v); }
  /** Accumulated reason bits (NatReason) since the last `ip sharing`. */
  get natReasons(): number { return this.store.words[this.o + H_NAT_REASONS]; }
  set natReasons(v: number) { this.store.words[this.o + H_NAT_REASONS] = v; }
  /** Packet seconds of the last `ip sharing` / `host change` event (0 = never). */
  get lastNat(): number { return this.rare(C_LAST_NAT, 0) >>> 0; }
  set lastNat(v: number) { this.setRare(C_LAST_NAT, v); }
  get lastChange(): number { return this.rare(C_LAST_CHANGE, 0) >>> 0; }
  set lastChange(v: number) { this.setRare(C_LAST_CHANGE, v); }
  /** Client port of the last scored SYN or SYN+ACK (0 = none). */
  get lastPort(): number { return this.store.words[this.o + H_LAST_PORT]; }
  set lastPort(v: number) { this.store.words[this.o + H_LAST_PORT] = v; }
  /** Unsigned 8-bit; 255 until measured. */
  get distance(): number { return this.store.words[this.o + H_DISTANCE]; }
  set distance(v: number) { this.store.words[this.o + H_DISTANCE] = v; }
  /** -1 = no uptime measured. */
  get lastUptimeMinutes(): number { return this.rare(C_UPTIME_MINUTES, -1); }
  set lastUptimeMinutes(v: number) { this.setRare(C_UPTIME_MINUTES, v); }
  get upModDays(): number { return this.rare(C_UP_MOD_DAYS, 0); }
  set upModDays(v: number) { this.setRare(C_UP_MOD_DAYS, v); }

  /** A rarely written field (cold arena): its default until the host's first write there. */
  private rare(at: number, fallback: number): number {
    return (this.store.words[this.o + H_FLAGS] & HF_RARE) !== 0 ? this.store.cold[this.c + at] : fallback;
  }

  private setRare(at: number, v: number): void {
    const w = this.store.words;
    const cold = this.store.cold;
    const c = this.c;
    if ((w[this.o + H_FLAGS] & HF_RARE) === 0) {
      cold[c + C_LAST_NAT] = 0;
      cold[c + C_LAST_CHANGE] = 0;
      cold[c + C_UPTIME_MINUTES] = -1;
      cold[c + C_UP_MOD_DAYS] = 0;
      w[this.o + H_FLAGS] |= HF_RARE;
    }
    cold[c + at] = v;
  }

  // ---- HTTP (B.8.1 / B.9), kept off the arena ----
  /** Last request that matched an OS-class HTTP signature. */
  get httpRequestOs(): StoredHttpMessage | null { return this.store.httpOf(this.slot)?.requestOs ?? null; }
  set httpRequestOs(v: StoredHttpMessage | null) { this.setHttp('requestOs', v); }
  /** Last response from this host, matched or not, and its server port. */
  get httpResponse(): StoredHttpMessage | null { return this.store.httpOf(this.slot)?.response ?? null; }
  set httpResponse(v: StoredHttpMessage | null) { this.setHttp('response', v); }
  get httpResponsePort(): number { return this.store.httpOf(this.slot)?.responsePort ?? 0; }
  set httpResponsePort(v: number) { this.setHttp('responsePort', v); }
  /** 0 honest, 1 UA names another OS, 2 failed expected-software check. */
  get badSoftware(): 0 | 1 | 2 { return this.store.httpOf(this.slot)?.badSoftware ?? 0; }
  set badSoftware(v: 0 | 1 | 2) { this.setHttp('badSoftware', v); }
  get language(): string | null { return this.store.httpOf(this.slot)?.language ?? null; }
  set language(v: string | null) { this.setHttp('language', v); }
  /** -1 = none. */
  get httpNameId(): number { return this.store.httpOf(this.slot)?.nameId ?? -1; }
  set httpNameId(v: number) { this.setHttp('nameId', v); }
  get httpFlavor(): string | null { return this.store.httpOf(this.slot)?.flavor ?? null; }
  set httpFlavor(v: string | null) { this.setHttp('flavor', v); }

  /** Writes an HTTP fact; a default value on a host without HTTP state stays implicit. */
  private setHttp<K extends keyof HostHttpState>(field: K, v: HostHttpState[K]): void {
    const state = this.store.httpOf(this.slot);
    if (state !== null) state[field] = v;
    else if (v !== HTTP_DEFAULTS[field]) this.store.httpFor(this.slot)[field] = v;
  }

  /** One score board as a copy (for inspection; the live boards are in `scores`). */
  board(role: 'cli' | 'srv'): number[] {
    const out = new Array<number>(NAT_SCORES).fill(0);
    const scores = this.scores;
    if (scores !== null) for (let i = 0; i < NAT_SCORES; i++) out[i] = scores[(role === 'cli' ? 0 : NAT_SCORES) + i];
    return out;
  }
}
