/**
 * Flows keyed by the 4-tuple in either direction: an Int32Array arena (layout in
 * flow-layout.ts) with the key stored inline, an open-addressing index over a
 * direction-independent hash, and an intrusive list in creation order. Like the host
 * table, nothing per flow is a JavaScript object except payload buffers and HTTP state,
 * which only flows that carry payload get.
 */
import type { HttpFlowState } from '../http/http-flow-state.js';
import { combineFlowHash, hashEndpointChunks, randomSeed, readChunk } from './address-hash.js';
import { SlotArena } from './slot-arena.js';
import {
  F_CLI_ADDR, F_CLI_PORT, F_CLI_TPS, F_CLIENT, F_CREATED, F_FLAGS, F_NEXT_CLI_SEQ,
  F_NEXT_SRV_SEQ, F_REQUEST_LENGTH, F_RESPONSE_LENGTH, F_SERVER, F_SRV_ADDR, F_SRV_PORT, F_SRV_TPS,
  F_SYN_MSS, F_VERSION, FLOW_STRIDE,
} from './flow-layout.js';
import { FlowRecord, MAX_FLOW_DATA, type FlowStore } from './flow-record.js';
import { NO_SLOT } from './host-layout.js';
import type { HostRecord } from './host-record.js';
import type { HostTable } from './host-table.js';


export class FlowTable extends SlotArena implements FlowStore {
  private readonly seed: number;
  // Per-slot, only for slots that carried payload; kept when the slot is reused.
  private readonly requestBuffers: (Uint8Array | null)[] = [];
  private readonly responseBuffers: (Uint8Array | null)[] = [];
  private readonly httpStates: (HttpFlowState | null)[] = [];
  /** Direction of the last successful lookup: true when the packet went client → server. */
  lastToServer = false;

  /** `expectedFlows`: the arena reservation; `sweepFromBuckets`: see SlotArena. */
  constructor(readonly hosts: HostTable, expectedFlows = 1024, seed = randomSeed(), sweepFromBuckets?: number) {
    super(FLOW_STRIDE, expectedFlows, sweepFromBuckets);
    this.seed = seed;
  }

  /** Finds the flow of a packet and sets `lastToServer`; NO_SLOT when there is none. */
  lookupSlot(ipVersion: 4 | 6, src: Uint8Array, srcOff: number, sport: number, dst: Uint8Array, dstOff: number, dport: number): number {
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
    const t = this.index.table;
    const mask = this.index.mask;
    const w = this.words;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = t[2 * i];
      if (e === 0) return NO_SLOT;
      if (t[2 * i + 1] !== h) continue;
      const o = (e - 1) * FLOW_STRIDE;
      if (w[o + F_VERSION] !== ipVersion) continue;
      const c = o + F_CLI_ADDR;
      const v = o + F_SRV_ADDR;
      if (
        w[o + F_CLI_PORT] === sport && w[o + F_SRV_PORT] === dport &&
        w[c] === s0 && w[c + 1] === s1 && w[c + 2] === s2 && w[c + 3] === s3 && w[c + 4] === s4 && w[c + 5] === s5 &&
        w[v] === d0 && w[v + 1] === d1 && w[v + 2] === d2 && w[v + 3] === d3 && w[v + 4] === d4 && w[v + 5] === d5
      ) {
        this.lastToServer = true;
        return e - 1;
      }
      if (
        w[o + F_CLI_PORT] === dport && w[o + F_SRV_PORT] === sport &&
        w[c] === d0 && w[c + 1] === d1 && w[c + 2] === d2 && w[c + 3] === d3 && w[c + 4] === d4 && w[c + 5] === d5 &&
        w[v] === s0 && w[v + 1] === s1 && w[v + 2] === s2 && w[v + 3] === s3 && w[v + 4] === s4 && w[v + 5] === s5
      ) {
        this.lastToServer = false;
        return e - 1;
      }
    }
  }

  lookup(ipVersion: 4 | 6, src: Uint8Array, srcOff: number, sport: number, dst: Uint8Array, dstOff: number, dport: number): FlowRecord | null {
    const slot = this.lookupSlot(ipVersion, src, srcOff, sport, dst, dstOff, dport);
    return slot === NO_SLOT ? null : new FlowRecord(this, slot);
  }

  view(slot: number): FlowRecord {
    return new FlowRecord(this, slot);
  }

  /**
   * Inserts a new flow between two host-table slots as the newest entry and takes a
   * reference on both hosts (§7.3, without the pruning and the host lookups).
   */
  createSlot(client: number, server: number, cliPort: number, srvPort: number, seq: number, nowSeconds: number): number {
    const hosts = this.hosts;
    const v = hosts.versionOf(client);
    const slot = this.allocate();
    if (slot === this.httpStates.length) {
      // Side arrays follow the slots actually used, not the reservation.
      this.requestBuffers.push(null);
      this.responseBuffers.push(null);
      this.httpStates.push(null);
    }
    const w = this.words;
    const o = slot * FLOW_STRIDE;
    w[o + F_VERSION] = v;
    // The key is copied in, so lookups never visit the host records.
    for (let i = 0; i < 6; i++) {
      w[o + F_CLI_ADDR + i] = hosts.chunkOf(client, i);
      w[o + F_SRV_ADDR + i] = hosts.chunkOf(server, i);
    }
    const c = o + F_CLI_ADDR;
    const d = o + F_SRV_ADDR;
    this.index.insert(combineFlowHash(
      hashEndpointChunks(this.seed, v, w[c], w[c + 1], w[c + 2], w[c + 3], w[c + 4], w[c + 5], cliPort),
      hashEndpointChunks(this.seed, v, w[d], w[d + 1], w[d + 2], w[d + 3], w[d + 4], w[d + 5], srvPort),
    ), slot);
    w[o + F_CLIENT] = client;
    w[o + F_SERVER] = server;
    w[o + F_CLI_PORT] = cliPort;
    w[o + F_SRV_PORT] = srvPort;
    // §7.3: all else zero.
    w[o + F_FLAGS] = 0;
    w[o + F_CLI_TPS] = 0;
    w[o + F_SRV_TPS] = 0;
    w[o + F_SYN_MSS] = 0;
    w[o + F_NEXT_CLI_SEQ] = seq + 1;
    w[o + F_NEXT_SRV_SEQ] = 0;
    w[o + F_CREATED] = nowSeconds;
    w[o + F_REQUEST_LENGTH] = 0;
    w[o + F_RESPONSE_LENGTH] = 0;
    hosts.addUse(client, 1, true);
    hosts.addUse(server, 1, true);
    return slot;
  }

  create(client: HostRecord, server: HostRecord, cliPort: number, srvPort: number, seq: number, nowSeconds: number): FlowRecord {
    return new FlowRecord(this, this.createSlot(client.slot, server.slot, cliPort, srvPort, seq, nowSeconds));
  }

  /** §7.6: unlink and release both hosts. Nothing is printed. */
  destroy(slot: number): void {
    this.releaseHosts(slot);
    this.release(slot);
  }

  /** Destroys the `k` oldest flows (fewer if there are fewer), unindexing them in one pass. */
  destroyOldest(k: number): void {
    for (let i = 0; i < k && this.oldestSlot !== NO_SLOT; i++) {
      const slot = this.oldestSlot;
      this.releaseHosts(slot);
      this.releaseInBatch(slot);
    }
    this.endBatch();
  }

  private releaseHosts(slot: number): void {
    const o = slot * FLOW_STRIDE;
    this.hosts.addUse(this.words[o + F_CLIENT], -1, false);
    this.hosts.addUse(this.words[o + F_SERVER], -1, false);
    if (this.httpStates[slot] !== null) this.httpStates[slot] = null;
  }

  createdOf(slot: number): number {
    return this.words[slot * FLOW_STRIDE + F_CREATED] >>> 0;
  }

  get oldest(): FlowRecord | null {
    return this.oldestSlot === NO_SLOT ? null : new FlowRecord(this, this.oldestSlot);
  }
  get newest(): FlowRecord | null {
    return this.newestSlot === NO_SLOT ? null : new FlowRecord(this, this.newestSlot);
  }

  *[Symbol.iterator](): IterableIterator<FlowRecord> {
    for (let s = this.oldestSlot; s !== NO_SLOT; s = this.newerOf(s)) yield new FlowRecord(this, s);
  }

  // ---- FlowStore ----

  hostView(slot: number): HostRecord {
    return this.hosts.view(slot);
  }
  bufferOf(slot: number, toServer: boolean): Uint8Array | null {
    return (toServer ? this.requestBuffers : this.responseBuffers)[slot];
  }
  bufferFor(slot: number, toServer: boolean): Uint8Array {
    const buffers = toServer ? this.requestBuffers : this.responseBuffers;
    let b = buffers[slot];
    if (b === null) b = buffers[slot] = new Uint8Array(MAX_FLOW_DATA);
    return b;
  }
  httpOf(slot: number): HttpFlowState | null {
    return this.httpStates[slot];
  }
  setHttp(slot: number, state: HttpFlowState | null): void {
    this.httpStates[slot] = state;
  }

  protected grown(): void {
    // The side arrays grow with use in createSlot.
  }
}
