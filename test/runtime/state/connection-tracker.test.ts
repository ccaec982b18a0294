/** Limits and timeouts (spec §7.3–7.5), compat pruning vs the default (docs/deviations.md). */
import { describe, expect, it } from 'vitest';
import { ConnectionTracker, type TrackerLimits } from '../../../runtime/state/connection-tracker.js';

const limits = (maxConnections: number, maxHosts: number): TrackerLimits => ({
  maxConnections, maxHosts, connectionMaxAgeSeconds: 30, hostIdleLimitMinutes: 120,
});

function ip(i: number): Uint8Array {
  return Uint8Array.of(10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
}

const SERVER = Uint8Array.of(192, 168, 0, 1);

function flood(t: ConnectionTracker, n: number, now = 1): void {
  for (let i = 0; i < n; i++) t.createFlow(4, ip(i), 0, 1000 + (i & 0xfff), SERVER, 0, 80, i, now);
}

describe('ConnectionTracker', () => {
  it('prunes flows only when the count exceeds the limit, k = 1 + 10 %, warning unless reading a file', () => {
    const warnings: string[] = [];
    const t = new ConnectionTracker(limits(10, 1000), true, false, (m) => warnings.push(m));
    flood(t, 11);
    expect(t.flows.count).toBe(11);
    expect(warnings).toEqual([]);
    flood(t, 1);
    expect(t.flows.count).toBe(11 - 2 + 1);
    expect(warnings).toEqual(['[!] WARNING: Too many tracked connections, deleting 2. Use -m to adjust.']);
  });

  it('is silent when reading a file', () => {
    const warnings: string[] = [];
    const t = new ConnectionTracker(limits(10, 10), false, true, (m) => warnings.push(m));
    flood(t, 100);
    expect(warnings).toEqual([]);
  });

  function idleHosts(compat: boolean, n: number): ConnectionTracker {
    const t = new ConnectionTracker(limits(1_000_000, 1_000_000), compat, true, () => {});
    flood(t, n);
    while (t.flows.count > 0) t.flows.destroy(t.flows.oldestSlot);
    return t;
  }

  it('compat: a host prune removes only the single oldest host (3.09b list-walk bug)', () => {
    const t = idleHosts(true, 199);
    expect(t.hosts.count).toBe(200);
    t.pruneHosts();
    expect(t.hosts.count).toBe(199);
    expect(t.hosts.lookup(4, ip(0), 0)).toBeNull();
    expect(t.hosts.lookup(4, ip(1), 0)).not.toBeNull();
  });

  it('compat: the oldest host in use is not removed, and nothing else is', () => {
    const t = idleHosts(true, 199);
    t.createFlow(4, ip(0), 0, 1, ip(1), 0, 2, 0, 1); // touches both: ip(2) becomes oldest
    t.hosts.addUse(t.hosts.oldestSlot, 1, false); // pretend a flow still uses it
    t.pruneHosts();
    expect(t.hosts.count).toBe(200);
  });

  it('default: a host prune removes the oldest 10 % (k = 1 + 10 %) of unused hosts', () => {
    const t = idleHosts(false, 199);
    t.pruneHosts();
    expect(t.hosts.count).toBe(200 - 21);
    expect(t.hosts.lookup(4, ip(20), 0)).toBeNull();
    expect(t.hosts.lookup(4, ip(21), 0)).not.toBeNull();
  });

  it('default: removes the oldest 10 % of unused hosts, so the limit holds', () => {
    const t = new ConnectionTracker(limits(50, 100), false, true, () => {});
    flood(t, 5000);
    expect(t.hosts.count).toBeLessThanOrEqual(102);
    expect(t.flows.count).toBeLessThanOrEqual(51);
    // The newest client survives, the oldest does not.
    expect(t.hosts.lookup(4, ip(4999), 0)).not.toBeNull();
    expect(t.hosts.lookup(4, ip(0), 0)).toBeNull();
  });

  it('compat with flows to spare still holds hosts one at a time', () => {
    const t = new ConnectionTracker(limits(50, 100), true, true, () => {});
    flood(t, 5000);
    // Each creation over the limit prunes flows first, freeing the oldest host: one in, one out.
    expect(t.hosts.count).toBe(101);
  });

  it('expires old flows and idle unused hosts with unsigned arithmetic', () => {
    const t = new ConnectionTracker(limits(1000, 1000), true, true, () => {});
    flood(t, 3, 1000);
    t.expire(1030);
    expect(t.flows.count).toBe(3);
    t.expire(1031);
    expect(t.flows.count).toBe(0);
    flood(t, 1, 2000);
    // Time going backwards makes the flow look ancient (u32 wrap), as in p0f.
    t.expire(1999);
    expect(t.flows.count).toBe(0);
    // Hosts 10.0.0.1 and .2 were last seen at 1000; 10.0.0.0 and the server at 2000.
    t.expire(1000 + 120 * 60);
    expect(t.hosts.count).toBe(4);
    t.expire(1000 + 120 * 60 + 1);
    expect(t.hosts.count).toBe(2);
    expect(t.hosts.lookup(4, ip(0), 0)).not.toBeNull();
  });
});

describe('ConnectionTracker host pruning during flow creation', () => {
  it('never prunes the client of the flow being created (default mode, every older host busy)', () => {
    const t = new ConnectionTracker(limits(1_000_000, 4), false, true, () => {});
    // Five hosts kept busy by many flows each, so a flow prune frees none of them.
    for (let port = 1; port <= 40; port++) {
      for (let h = 0; h < 4; h++) t.createFlow(4, ip(h), 0, port, SERVER, 0, 80, 0, 1);
    }
    expect(t.hosts.count).toBe(5);
    const f = t.createFlow(4, ip(100), 0, 1, Uint8Array.of(192, 168, 9, 9), 0, 80, 0, 2);
    expect(t.hosts.lookup(4, ip(100), 0)?.slot).toBe(f.client.slot);
    expect(f.client.useCount).toBe(1);
    expect(f.client.slot).not.toBe(f.server.slot);
    expect(t.hosts.lookup(4, Uint8Array.of(192, 168, 9, 9), 0)?.slot).toBe(f.server.slot);
  });
});
