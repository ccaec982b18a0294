/**
 * Flows keyed by the 4-tuple in either direction: chained hash buckets with a
 * direction-independent hash, and an intrusive list in creation order.
 */
import { combineFlowHash, hashEndpointChunks, randomSeed, readChunk } from './address-hash.js';
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
    const n = ipVersion === 4 ? 4 : 16;
    const s0 = readChunk(src, srcOff, n, 0);
    const s1 = readChunk(src, srcOff, n, 1);
    const d0 = readChunk(dst, dstOff, n, 0);
    const d1 = readChunk(dst, dstOff, n, 1);
    let s2 = 0, s3 = 0, s4 = 0, s5 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0;
    if (ipVersion === 6) {
      s2 = readChunk(src, srcOff, n, 2); s3 = readChunk(src, srcOff, n, 3);
      s4 = readChunk(src, srcOff, n, 4); s5 = readChunk(src, srcOff, n, 5);
      d2 = readChunk(dst, dstOff, n, 2); d3 = readChunk(dst, dstOff, n, 3);
      d4 = readChunk(dst, dstOff, n, 4); d5 = readChunk(dst, dstOff, n, 5);
    }
    // Sum of per-endpoint hashes: the same for both directions.
    const h = combineFlowHash(
      hashEndpointChunks(this.seed, ipVersion, s0, s1, s2, s3, s4, s5, sport),
      hashEndpointChunks(this.seed, ipVersion, d0, d1, d2, d3, d4, d5, dport),
    );
    for (let f = this.buckets[h & this.mask]; f !== null; f = f.bucketNext) {
      if (f.hash !== h) continue;
      const c = f.client;
      const v = f.server;
      if (c.ipVersion !== ipVersion) continue;
      if (
        f.cliPort === sport && f.srvPort === dport &&
        c.a0 === s0 && c.a1 === s1 && c.a2 === s2 && c.a3 === s3 && c.a4 === s4 && c.a5 === s5 &&
        v.a0 === d0 && v.a1 === d1 && v.a2 === d2 && v.a3 === d3 && v.a4 === d4 && v.a5 === d5
      ) {
        this.lastToServer = true;
        return f;
      }
      if (
        f.cliPort === dport && f.srvPort === sport &&
        c.a0 === d0 && c.a1 === d1 && c.a2 === d2 && c.a3 === d3 && c.a4 === d4 && c.a5 === d5 &&
        v.a0 === s0 && v.a1 === s1 && v.a2 === s2 && v.a3 === s3 && v.a4 === s4 && v.a5 === s5
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
    const h = combineFlowHash(
      hashEndpointChunks(this.seed, v, client.a0, client.a1, client.a2, client.a3, client.a4, client.a5, cliPort),
      hashEndpointChunks(this.seed, v, server.a0, server.a1, server.a2, server.a3, server.a4, server.a5, srvPort),
    );
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
