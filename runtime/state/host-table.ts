/**
 * Hosts keyed by IP version + address: chained hash buckets over intrusive records and
 * an intrusive age list (oldest = least recently touched). All operations are O(1)
 * amortised; removed records are recycled.
 */
import { hashChunks, randomSeed, readChunk } from './address-hash.js';
import { HostRecord } from './host-record.js';

const MIN_BUCKETS = 64;

export class HostTable {
  private buckets: (HostRecord | null)[];
  private mask: number;
  private readonly seed: number;
  private free: HostRecord | null = null;
  private freeCount = 0;
  /** Bound on recycled records kept around, so a burst does not pin memory forever. */
  private readonly maxFree: number;
  count = 0;
  /** Least recently touched host. */
  oldest: HostRecord | null = null;
  newest: HostRecord | null = null;

  constructor(expectedHosts = 1024, seed = randomSeed()) {
    let n = MIN_BUCKETS;
    while (n < expectedHosts && n < 1 << 22) n <<= 1;
    this.buckets = new Array<HostRecord | null>(n).fill(null);
    this.mask = n - 1;
    this.seed = seed;
    this.maxFree = Math.max(64, Math.min(expectedHosts, 1 << 20));
  }

  lookup(ipVersion: 4 | 6, bytes: Uint8Array, offset: number): HostRecord | null {
    const n = ipVersion === 4 ? 4 : 16;
    const c0 = readChunk(bytes, offset, n, 0);
    const c1 = readChunk(bytes, offset, n, 1);
    if (ipVersion === 4) return this.lookupChunks(4, c0, c1, 0, 0, 0, 0);
    return this.lookupChunks(6, c0, c1, readChunk(bytes, offset, n, 2), readChunk(bytes, offset, n, 3), readChunk(bytes, offset, n, 4), readChunk(bytes, offset, n, 5));
  }

  /** Lookup by address chunks (IPv4: c2..c5 must be 0). */
  lookupChunks(ipVersion: 4 | 6, c0: number, c1: number, c2: number, c3: number, c4: number, c5: number): HostRecord | null {
    const h = hashChunks(this.seed, ipVersion, c0, c1, c2, c3, c4, c5);
    for (let r = this.buckets[h & this.mask]; r !== null; r = r.bucketNext) {
      if (
        r.hash === h && r.a0 === c0 && r.a1 === c1 && r.ipVersion === ipVersion &&
        r.a2 === c2 && r.a3 === c3 && r.a4 === c4 && r.a5 === c5
      ) return r;
    }
    return null;
  }

  /** Inserts a new host as the newest entry (§7.3 create_host, without the pruning). */
  create(ipVersion: 4 | 6, bytes: Uint8Array, offset: number, nowSeconds: number): HostRecord {
    let r = this.free;
    if (r !== null) {
      this.free = r.bucketNext;
      this.freeCount--;
    } else {
      r = new HostRecord();
    }
    r.reset(nowSeconds);
    r.setAddress(ipVersion, bytes, offset);
    const h = hashChunks(this.seed, ipVersion, r.a0, r.a1, r.a2, r.a3, r.a4, r.a5);
    r.hash = h;
    const b = h & this.mask;
    r.bucketNext = this.buckets[b];
    this.buckets[b] = r;
    r.older = this.newest;
    r.newer = null;
    if (this.newest !== null) this.newest.newer = r;
    else this.oldest = r;
    this.newest = r;
    this.count++;
    if (this.count > this.buckets.length) this.grow();
    return r;
  }

  /** Moves the host to the newest end and refreshes last_seen (§7.3 touch). */
  touch(r: HostRecord, nowSeconds: number): void {
    r.lastSeen = nowSeconds;
    if (this.newest === r) return;
    this.unlinkAge(r);
    r.older = this.newest;
    r.newer = null;
    if (this.newest !== null) this.newest.newer = r;
    else this.oldest = r;
    this.newest = r;
  }

  remove(r: HostRecord): void {
    const b = r.hash & this.mask;
    let prev: HostRecord | null = null;
    for (let c = this.buckets[b]; c !== null; prev = c, c = c.bucketNext) {
      if (c === r) {
        if (prev === null) this.buckets[b] = c.bucketNext;
        else prev.bucketNext = c.bucketNext;
        break;
      }
    }
    this.unlinkAge(r);
    r.older = r.newer = null;
    this.count--;
    if (this.freeCount < this.maxFree) {
      r.bucketNext = this.free;
      this.free = r;
      this.freeCount++;
    } else {
      r.bucketNext = null;
    }
  }

  /** Iterates from oldest to newest (for the API and tests; not used per packet). */
  *[Symbol.iterator](): IterableIterator<HostRecord> {
    for (let r = this.oldest; r !== null; r = r.newer) yield r;
  }

  private unlinkAge(r: HostRecord): void {
    if (r.older !== null) r.older.newer = r.newer;
    else this.oldest = r.newer;
    if (r.newer !== null) r.newer.older = r.older;
    else this.newest = r.older;
  }

  private grow(): void {
    const n = this.buckets.length * 2;
    const next = new Array<HostRecord | null>(n).fill(null);
    const mask = n - 1;
    for (let r = this.oldest; r !== null; r = r.newer) {
      const b = r.hash & mask;
      r.bucketNext = next[b];
      next[b] = r;
    }
    this.buckets = next;
    this.mask = mask;
  }
}
