/**
 * Flows keyed by the 4-tuple in either direction: chained hash buckets with a
 * direction-independent hash, and an intrusive list in creation order.
 */
import { hashEndpointWords, randomSeed, readWord } from './address-hash.js';
import { FlowRecord } from './flow-record.js';
import type { HostRecord } from './host-record.js';

const MIN_BUCKETS = 64;

export class FlowTable {
  private buckets: (FlowRecord | null)[];
  private mask: number;
  private readonly seed: number;
  private free: FlowRecord | null = null;
  private freeCount = 0;
  private readonly maxFree: number;
  count = 0;
  /** Oldest flow by creation. */
  oldest: FlowRecord | null = null;
  newest: FlowRecord | null = null;
  /** Direction of the last successful lookup: true when the packet went client → server. */
  lastToServer = false;

  constructor(expectedFlows = 1024, seed = randomSeed()) {
    let n = MIN_BUCKETS;
    while (n < expectedFlows && n < 1 << 22) n <<= 1;
    this.buckets = new Array<FlowRecord | null>(n).fill(null);
    this.mask = n - 1;
    this.seed = seed;
    this.maxFree = Math.max(64, Math.min(expectedFlows, 1 << 20));
  }

  /** Finds the flow of a packet; sets `lastToServer`. */
  lookup(ipVersion: 4 | 6, src: Uint8Array, srcOff: number, sport: number, dst: Uint8Array, dstOff: number, dport: number): FlowRecord | null {
    const s0 = readWord(src, srcOff);
    const d0 = readWord(dst, dstOff);
    let s1 = 0, s2 = 0, s3 = 0, d1 = 0, d2 = 0, d3 = 0;
    if (ipVersion === 6) {
      s1 = readWord(src, srcOff + 4); s2 = readWord(src, srcOff + 8); s3 = readWord(src, srcOff + 12);
      d1 = readWord(dst, dstOff + 4); d2 = readWord(dst, dstOff + 8); d3 = readWord(dst, dstOff + 12);
    }
    // Sum of per-endpoint hashes: the same for both directions.
    const h = (hashEndpointWords(this.seed, ipVersion, s0, s1, s2, s3, sport) + hashEndpointWords(this.seed, ipVersion, d0, d1, d2, d3, dport)) >>> 0;
    for (let f = this.buckets[h & this.mask]; f !== null; f = f.bucketNext) {
      if (f.hash !== h) continue;
      const c = f.client;
      const v = f.server;
      if (c.ipVersion !== ipVersion) continue;
      if (
        f.cliPort === sport && f.srvPort === dport &&
        c.w0 === s0 && c.w1 === s1 && c.w2 === s2 && c.w3 === s3 &&
        v.w0 === d0 && v.w1 === d1 && v.w2 === d2 && v.w3 === d3
      ) {
        this.lastToServer = true;
        return f;
      }
      if (
        f.cliPort === dport && f.srvPort === sport &&
        c.w0 === d0 && c.w1 === d1 && c.w2 === d2 && c.w3 === d3 &&
        v.w0 === s0 && v.w1 === s1 && v.w2 === s2 && v.w3 === s3
      ) {
        this.lastToServer = false;
        return f;
      }
    }
    return null;
  }

  /**
   * Inserts a new flow as the newest entry and takes a reference on both hosts
   * (§7.3, without the pruning and the host lookups).
   */
  create(client: HostRecord, server: HostRecord, cliPort: number, srvPort: number, seq: number, nowSeconds: number): FlowRecord {
    let f = this.free;
    if (f !== null) {
      this.free = f.bucketNext;
      this.freeCount--;
    } else {
      f = new FlowRecord();
    }
    f.reset(client, server, cliPort, srvPort, seq, nowSeconds);
    client.useCount++;
    server.useCount++;
    client.totalConnections++;
    server.totalConnections++;
    const v = client.ipVersion;
    const h = (hashEndpointWords(this.seed, v, client.w0, client.w1, client.w2, client.w3, cliPort) +
      hashEndpointWords(this.seed, v, server.w0, server.w1, server.w2, server.w3, srvPort)) >>> 0;
    f.hash = h;
    const b = h & this.mask;
    f.bucketNext = this.buckets[b];
    this.buckets[b] = f;
    f.older = this.newest;
    f.newer = null;
    if (this.newest !== null) this.newest.newer = f;
    else this.oldest = f;
    this.newest = f;
    this.count++;
    if (this.count > this.buckets.length) this.grow();
    return f;
  }

  /** §7.6: unlink and release both hosts. Nothing is printed. */
  destroy(f: FlowRecord): void {
    const b = f.hash & this.mask;
    let prev: FlowRecord | null = null;
    for (let c = this.buckets[b]; c !== null; prev = c, c = c.bucketNext) {
      if (c === f) {
        if (prev === null) this.buckets[b] = c.bucketNext;
        else prev.bucketNext = c.bucketNext;
        break;
      }
    }
    if (f.older !== null) f.older.newer = f.newer;
    else this.oldest = f.newer;
    if (f.newer !== null) f.newer.older = f.older;
    else this.newest = f.older;
    f.older = f.newer = null;
    f.client.useCount--;
    f.server.useCount--;
    f.http = null;
    this.count--;
    if (this.freeCount < this.maxFree) {
      f.bucketNext = this.free;
      this.free = f;
      this.freeCount++;
    } else {
      f.bucketNext = null;
    }
  }

  *[Symbol.iterator](): IterableIterator<FlowRecord> {
    for (let f = this.oldest; f !== null; f = f.newer) yield f;
  }

  private grow(): void {
    const n = this.buckets.length * 2;
    const next = new Array<FlowRecord | null>(n).fill(null);
    const mask = n - 1;
    for (let f = this.oldest; f !== null; f = f.newer) {
      const b = f.hash & mask;
      f.bucketNext = next[b];
      next[b] = f;
    }
    this.buckets = next;
    this.mask = mask;
  }
}
