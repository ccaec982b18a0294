/**
 * Host and flow bookkeeping with p0f's limits (`-m`) and timeouts (`-t`):
 * flow creation (§7.3), pruning (§7.4) and periodic expiry (§7.5).
 *
 * Pruning differs by mode. Under compat it reproduces 3.09b's list-walk bug (at most
 * one host removed per call, and only if unused). By default it removes the oldest
 * 10 % of unused hosts, so the host limit actually holds (docs/deviations.md).
 */
import { FlowTable } from './flow-table.js';
import type { FlowRecord } from './flow-record.js';
import { NO_SLOT } from './host-layout.js';
import { HostTable } from './host-table.js';

export interface TrackerLimits {
  readonly maxConnections: number;
  readonly maxHosts: number;
  readonly connectionMaxAgeSeconds: number;
  readonly hostIdleLimitMinutes: number;
}

/** p0f's defaults: `-m 1000,10000 -t 30,120`. */
export const DEFAULT_TRACKER_LIMITS: TrackerLimits = {
  maxConnections: 1000,
  maxHosts: 10000,
  connectionMaxAgeSeconds: 30,
  hostIdleLimitMinutes: 120,
};

const KILL_PERCENT = 10;

export class ConnectionTracker {
  readonly hosts: HostTable;
  readonly flows: FlowTable;

  constructor(
    private readonly limits: TrackerLimits,
    private readonly compat: boolean,
    /** Warnings are suppressed when reading a file, as in p0f. */
    private readonly readingFile: boolean,
    private readonly warn: (message: string) => void,
  ) {
    this.hosts = new HostTable(Math.min(limits.maxHosts + 2, 1 << 22));
    this.flows = new FlowTable(this.hosts, Math.min(limits.maxConnections + 2, 1 << 22));
  }

  /** §7.3: prune if over the limit, look up or create both hosts, then insert the flow. */
  createFlow(
    ipVersion: 4 | 6,
    src: Uint8Array, srcOff: number, sport: number,
    dst: Uint8Array, dstOff: number, dport: number,
    seq: number, nowSeconds: number,
  ): FlowRecord {
    if (this.flows.count > this.limits.maxConnections) this.pruneFlows(true);
    const hosts = this.hosts;
    const client = this.lookupOrCreateHost(ipVersion, src, srcOff, nowSeconds);
    // Pin the client while the server is looked up: creating the server may prune hosts,
    // and the default prune could otherwise reach the new, still unused client.
    hosts.addUse(client, 1, false);
    const server = this.lookupOrCreateHost(ipVersion, dst, dstOff, nowSeconds);
    hosts.addUse(client, -1, false);
    return this.flows.view(this.flows.createSlot(client, server, sport, dport, seq, nowSeconds));
  }

  private lookupOrCreateHost(ipVersion: 4 | 6, bytes: Uint8Array, off: number, nowSeconds: number): number {
    const found = this.hosts.lookupSlot(ipVersion, bytes, off);
    if (found !== NO_SLOT) {
      this.hosts.touch(found, nowSeconds);
      return found;
    }
    if (this.hosts.count > this.limits.maxHosts) this.pruneHosts();
    return this.hosts.createSlot(ipVersion, bytes, off, nowSeconds);
  }

  /** Destroys the k oldest flows, k = 1 + 10 % of the count. */
  pruneFlows(loud: boolean): void {
    const k = 1 + Math.floor((this.flows.count * KILL_PERCENT) / 100);
    if (loud && !this.readingFile) {
      this.warn(`[!] WARNING: Too many tracked connections, deleting ${k}. Use -m to adjust.`);
    }
    this.flows.destroyOldest(k);
  }

  pruneHosts(): void {
    const hosts = this.hosts;
    const k = 1 + Math.floor((hosts.count * KILL_PERCENT) / 100);
    if (!this.readingFile) this.warn(`[!] WARNING: Too many host entries, deleting ${k}. Use -m to adjust.`);
    this.pruneFlows(false);
    if (this.compat) {
      // 3.09b walks from the oldest entry towards "older" and so stops after one.
      const oldest = hosts.oldestSlot;
      if (oldest !== NO_SLOT && hosts.useCountOf(oldest) === 0) hosts.remove(oldest);
      return;
    }
    // Oldest unused hosts first; hosts in use are skipped (at most 2 per live flow).
    hosts.removeOldestUnused(k);
  }

  /** §7.5 expiry walk; `nowSeconds` is the triggering packet's second. Unsigned 32-bit arithmetic. */
  expire(nowSeconds: number): void {
    const maxAge = this.limits.connectionMaxAgeSeconds >>> 0;
    const flows = this.flows;
    for (let f = flows.oldestSlot; f !== NO_SLOT; f = flows.oldestSlot) {
      if (((nowSeconds - flows.createdOf(f)) >>> 0) > maxAge) flows.destroy(f);
      else break;
    }
    const idle = (this.limits.hostIdleLimitMinutes * 60) >>> 0;
    const hosts = this.hosts;
    let s = hosts.oldestSlot;
    while (s !== NO_SLOT) {
      const next = hosts.newerOf(s);
      if (((nowSeconds - hosts.lastSeenOf(s)) >>> 0) > idle) {
        if (hosts.useCountOf(s) === 0) hosts.remove(s);
      } else {
        break;
      }
      s = next;
    }
  }
}
