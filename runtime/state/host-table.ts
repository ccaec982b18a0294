/**
 * Hosts keyed by IP version + address.
 *
 * Every host lives in one slot of two Int32Array arenas, a hot one and a cold one (layout
 * in host-layout.ts), found through the SlotArena's open-addressing index and ordered by
 * its age list (oldest = least recently touched). Nothing per host is a JavaScript
 * object, so the collector never traces the table, and a lookup that misses reads one
 * bucket. All operations are O(1) amortised; freed slots are reused before the arena
 * grows, so memory follows the peak host count.
 */
import type { TcpSignature } from '../fingerprint/tcp-types.js';
import { hashChunks, randomSeed, readChunk } from './address-hash.js';
import { SlotArena } from './slot-arena.js';
import {
  C_ADDR_HIGH, C_SYNACK, COLD_STRIDE, H_ADDR, H_CLASS, H_DISTANCE, H_FIRST_SEEN, H_FLAGS, H_FLAVOR,
  H_LAST_PORT, H_LAST_SEEN, H_LINK, H_NAME, H_NAT_REASONS, H_QUALITY,
  H_SYN, H_TOTAL_CONNECTIONS, HF_IPV6, HF_SYN, HF_SYNACK,
  HOST_STRIDE, NO_SLOT, S_SIG,
} from './host-layout.js';
import { HostHttpState, HostRecord, type HostStore } from './host-record.js';

/** Interned values kept before unused ones are dropped (a database has a few hundred). */
const INTERN_LIMIT = 4096;

export class HostTable extends SlotArena implements HostStore {
  /**
   * Flows referencing each slot, apart from the arena: evicting a flow decrements the
   * count of a host that is otherwise cold, and this array stays small enough to be cached.
   */
  private useCounts: Int32Array;
  /** SYN+ACK blocks, IPv6 high chunks and rare fields (host-layout.ts), reserved like `words`. */
  cold: Int32Array;
  private readonly seed: number;

  // Values that do not fit in a word, interned: a host stores their ids.
  private readonly signatures: TcpSignature[] = [];
  private readonly signatureIds = new Map<TcpSignature, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private internLimit = INTERN_LIMIT;
  // Rare per-host facts, off the arena.
  private readonly scoreBoards = new Map<number, Uint8Array>();
  private readonly httpStates = new Map<number, HostHttpState>();

  /** `expectedHosts`: the arena reservation; `sweepFromBuckets`: see SlotArena. */
  constructor(expectedHosts = 1024, seed = randomSeed(), sweepFromBuckets?: number) {
    super(HOST_STRIDE, expectedHosts, sweepFromBuckets);
    this.useCounts = new Int32Array(this.words.length / HOST_STRIDE);
    this.cold = new Int32Array((this.words.length / HOST_STRIDE) * COLD_STRIDE);
    this.seed = seed;
  }

  // ---- lookups ----

  /** The slot of an address (4 or 16 bytes at `offset`), or NO_SLOT. */
  lookupSlot(ipVersion: 4 | 6, bytes: Uint8Array, offset: number): number {
    const n = ipVersion === 4 ? 4 : 16;
    const c0 = readChunk(bytes, offset, n, 0);
    const c1 = readChunk(bytes, offset, n, 1);
    if (ipVersion === 4) return this.find(4, c0, c1, 0, 0, 0, 0);
    return this.find(6, c0, c1, readChunk(bytes, offset, n, 2), readChunk(bytes, offset, n, 3), readChunk(bytes, offset, n, 4), readChunk(bytes, offset, n, 5));
  }

  lookup(ipVersion: 4 | 6, bytes: Uint8Array, offset: number): HostRecord | null {
    const slot = this.lookupSlot(ipVersion, bytes, offset);
    return slot === NO_SLOT ? null : new HostRecord(this, slot);
  }

  private find(ipVersion: 4 | 6, c0: number, c1: number, c2: number, c3: number, c4: number, c5: number): number {
    const h = hashChunks(this.seed, ipVersion, c0, c1, c2, c3, c4, c5);
    const t = this.index.table;
    const mask = this.index.mask;
    const w = this.words;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = t[2 * i];
      if (e === 0) return NO_SLOT;
      if (t[2 * i + 1] !== h) continue;
      const o = (e - 1) * HOST_STRIDE;
      if (
        w[o + H_ADDR] === c0 && w[o + H_ADDR + 1] === c1 && (w[o + H_FLAGS] & HF_IPV6) === (ipVersion === 6 ? HF_IPV6 : 0) &&
        (ipVersion === 4 ||
          this.highChunksEqual(e - 1, c2, c3, c4, c5))
      ) return e - 1;
    }
  }

  /** A view of a live slot. */
  view(slot: number): HostRecord {
    return new HostRecord(this, slot);
  }

  // ---- changes ----

  /** Inserts a new host as the newest entry (§7.3 create_host, without the pruning). */
  createSlot(ipVersion: 4 | 6, bytes: Uint8Array, offset: number, nowSeconds: number): number {
    const n = ipVersion === 4 ? 4 : 16;
    const c0 = readChunk(bytes, offset, n, 0);
    const c1 = readChunk(bytes, offset, n, 1);
    const c2 = readChunk(bytes, offset, n, 2);
    const c3 = readChunk(bytes, offset, n, 3);
    const c4 = readChunk(bytes, offset, n, 4);
    const c5 = readChunk(bytes, offset, n, 5);
    const slot = this.allocate();
    this.index.insert(hashChunks(this.seed, ipVersion, c0, c1, c2, c3, c4, c5), slot);
    const w = this.words;
    const o = slot * HOST_STRIDE;
    w[o + H_ADDR] = c0;
    w[o + H_ADDR + 1] = c1;
    if (ipVersion === 6) {
      const cold = this.cold;
      const k = slot * COLD_STRIDE + C_ADDR_HIGH;
      cold[k] = c2;
      cold[k + 1] = c3;
      cold[k + 2] = c4;
      cold[k + 3] = c5;
    }
    // §7.3 create_host defaults: everything zero except these (the rare line's by HF_RARE clear).
    w[o + H_FLAGS] = ipVersion === 6 ? HF_IPV6 : 0;
    w[o + H_FIRST_SEEN] = nowSeconds;
    w[o + H_LAST_SEEN] = nowSeconds;
    w[o + H_TOTAL_CONNECTIONS] = 0;
    this.useCounts[slot] = 0;
    w[o + H_CLASS] = -1;
    w[o + H_NAME] = -1;
    w[o + H_FLAVOR] = -1;
    w[o + H_QUALITY] = 0;
    w[o + H_LINK] = -1;
    w[o + H_NAT_REASONS] = 0;
    w[o + H_LAST_PORT] = 0;
    w[o + H_DISTANCE] = 255;
    return slot;
  }

  create(ipVersion: 4 | 6, bytes: Uint8Array, offset: number, nowSeconds: number): HostRecord {
    return new HostRecord(this, this.createSlot(ipVersion, bytes, offset, nowSeconds));
  }

  /** Moves the host to the newest end and refreshes last_seen (§7.3 touch). */
  touch(slot: number, nowSeconds: number): void {
    this.words[slot * HOST_STRIDE + H_LAST_SEEN] = nowSeconds;
    if (this.newestSlot === slot) return;
    this.unlink(slot);
    this.linkNewest(slot);
  }

  remove(slot: number): void {
    this.release(slot);
    this.dropSideState(slot);
  }

  /**
   * Removes up to `k` of the oldest hosts that no flow uses, oldest first, unindexing
   * them in one pass (SlotArena.releaseInBatch). Returns how many were removed.
   */
  removeOldestUnused(k: number): number {
    let removed = 0;
    let s = this.oldestSlot;
    while (s !== NO_SLOT && removed < k) {
      const next = this.newerOf(s);
      if (this.useCounts[s] === 0) {
        this.releaseInBatch(s);
        this.dropSideState(s);
        removed++;
      }
      s = next;
    }
    this.endBatch();
    return removed;
  }

  private dropSideState(slot: number): void {
    if (this.scoreBoards.size !== 0) this.scoreBoards.delete(slot);
    if (this.httpStates.size !== 0) this.httpStates.delete(slot);
  }

  // ---- fields the tracker reads per packet, without a view ----

  useCountOf(slot: number): number {
    return this.useCounts[slot];
  }
  /** Adds `delta` to the use count and, when opening a flow, to total connections. */
  addUse(slot: number, delta: number, newConnection: boolean): void {
    this.useCounts[slot] += delta;
    if (newConnection) this.words[slot * HOST_STRIDE + H_TOTAL_CONNECTIONS]++;
  }
  lastSeenOf(slot: number): number {
    return this.words[slot * HOST_STRIDE + H_LAST_SEEN] >>> 0;
  }
  /** Address chunk `i` (0..5; 0 past an IPv4 address) of the host in `slot`. */
  chunkOf(slot: number, i: number): number {
    const o = slot * HOST_STRIDE;
    if (i < 2) return this.words[o + H_ADDR + i];
    return (this.words[o + H_FLAGS] & HF_IPV6) !== 0 ? this.cold[slot * COLD_STRIDE + C_ADDR_HIGH + i - 2] : 0;
  }

  private highChunksEqual(slot: number, c2: number, c3: number, c4: number, c5: number): boolean {
    const cold = this.cold;
    const k = slot * COLD_STRIDE + C_ADDR_HIGH;
    return cold[k] === c2 && cold[k + 1] === c3 && cold[k + 2] === c4 && cold[k + 3] === c5;
  }
  versionOf(slot: number): 4 | 6 {
    return (this.words[slot * HOST_STRIDE + H_FLAGS] & HF_IPV6) !== 0 ? 6 : 4;
  }

  get oldest(): HostRecord | null {
    return this.oldestSlot === NO_SLOT ? null : new HostRecord(this, this.oldestSlot);
  }
  get newest(): HostRecord | null {
    return this.newestSlot === NO_SLOT ? null : new HostRecord(this, this.newestSlot);
  }

  /** Iterates from oldest to newest (for the API, reloads and tests; not used per packet). */
  *[Symbol.iterator](): IterableIterator<HostRecord> {
    for (let s = this.oldestSlot; s !== NO_SLOT; s = this.newerOf(s)) yield new HostRecord(this, s);
  }

  // ---- HostStore ----

  signatureById(id: number): TcpSignature | null {
    return id < 0 ? null : (this.signatures[id] ?? null);
  }
  signatureId(sig: TcpSignature | null): number {
    if (sig === null) return -1;
    let id = this.signatureIds.get(sig);
    if (id === undefined) {
      if (this.signatures.length >= this.internLimit) this.compactInterned();
      id = this.signatures.length;
      this.signatures.push(sig);
      this.signatureIds.set(sig, id);
    }
    return id;
  }
  stringById(id: number): string | null {
    return id < 0 ? null : (this.strings[id] ?? null);
  }
  stringId(s: string | null): number {
    if (s === null) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      if (this.strings.length >= this.internLimit) this.compactInterned();
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }
  scoresOf(slot: number): Uint8Array | null {
    return this.scoreBoards.size === 0 ? null : (this.scoreBoards.get(slot) ?? null);
  }
  setScores(slot: number, board: Uint8Array | null): void {
    if (board === null) this.scoreBoards.delete(slot);
    else this.scoreBoards.set(slot, board);
  }
  httpOf(slot: number): HostHttpState | null {
    return this.httpStates.size === 0 ? null : (this.httpStates.get(slot) ?? null);
  }
  httpFor(slot: number): HostHttpState {
    let s = this.httpStates.get(slot);
    if (s === undefined) {
      s = new HostHttpState();
      this.httpStates.set(slot, s);
    }
    return s;
  }

  // ---- internals ----

  /**
   * Re-interns only what live hosts still use. Each SIGHUP reload brings new signature
   * objects, so without this the tables would keep every database ever loaded.
   */
  private compactInterned(): void {
    // No compaction while compacting: the walk re-interns with the limit out of reach.
    this.internLimit = Infinity;
    const oldSigs = this.signatures.splice(0);
    const oldStrings = this.strings.splice(0);
    this.signatureIds.clear();
    this.stringIds.clear();
    const w = this.words;
    for (let slot = this.oldestSlot; slot !== NO_SLOT; slot = this.newerOf(slot)) {
      const o = slot * HOST_STRIDE;
      const flags = w[o + H_FLAGS];
      if ((flags & HF_SYN) !== 0) w[o + H_SYN + S_SIG] = this.signatureId(oldSigs[w[o + H_SYN + S_SIG]] ?? null);
      const k = slot * COLD_STRIDE + C_SYNACK + S_SIG;
      if ((flags & HF_SYNACK) !== 0) this.cold[k] = this.signatureId(oldSigs[this.cold[k]] ?? null);
      w[o + H_FLAVOR] = this.stringId(oldStrings[w[o + H_FLAVOR]] ?? null);
      w[o + H_LINK] = this.stringId(oldStrings[w[o + H_LINK]] ?? null);
    }
    this.internLimit = Math.max(INTERN_LIMIT, 2 * Math.max(this.signatures.length, this.strings.length));
  }

  protected grown(capacity: number): void {
    const useCounts = new Int32Array(capacity);
    useCounts.set(this.useCounts);
    this.useCounts = useCounts;
    const cold = new Int32Array(capacity * COLD_STRIDE);
    cold.set(this.cold);
    this.cold = cold;
  }
}
