/**
 * The arena tables against plain models: random create / lookup / touch / remove
 * sequences over a small address space (so hashes collide and backward-shift deletion
 * runs constantly), checking membership, age order, counts and stored fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TcpObservation, TcpSignature } from '../../../runtime/fingerprint/tcp-types.js';
import { FlowTable } from '../../../runtime/state/flow-table.js';
import { HostTable } from '../../../runtime/state/host-table.js';

type HostOp =
  | { kind: 'create'; key: number; v6: boolean }
  | { kind: 'touch'; key: number; v6: boolean }
  | { kind: 'remove'; key: number; v6: boolean }
  | { kind: 'removeOldest' }
  | { kind: 'pin'; key: number; v6: boolean }
  | { kind: 'prune'; k: number };

function address(key: number, v6: boolean): Uint8Array {
  if (!v6) return Uint8Array.of(10, 0, key >> 8, key & 0xff);
  const a = new Uint8Array(16);
  a[0] = 0x20;
  a[1] = 0x01;
  a[14] = key >> 8;
  a[15] = key & 0xff;
  return a;
}

const hostOp: fc.Arbitrary<HostOp> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), key: fc.integer({ min: 0, max: 300 }), v6: fc.boolean() }),
  fc.record({ kind: fc.constant('touch' as const), key: fc.integer({ min: 0, max: 300 }), v6: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), key: fc.integer({ min: 0, max: 300 }), v6: fc.boolean() }),
  fc.constant({ kind: 'removeOldest' as const }),
  fc.record({ kind: fc.constant('pin' as const), key: fc.integer({ min: 0, max: 300 }), v6: fc.boolean() }),
  fc.record({ kind: fc.constant('prune' as const), k: fc.integer({ min: 1, max: 40 }) }),
);

describe('HostTable against a model', () => {
  it('agrees on membership, age order and per-host fields after any operation sequence', () => {
    fc.assert(
      fc.property(fc.array(hostOp, { maxLength: 600 }), fc.integer(), fc.boolean(), (ops, seed, sweep) => {
        // A tiny first allocation so growth of arena and index happens during the run;
        // prunes unindex by sweeping, or one by one as small tables do.
        const t = new HostTable(4, seed >>> 0, sweep ? 0 : undefined);
        const order: string[] = []; // oldest first
        const seen = new Map<string, number>(); // key → firstSeen
        const pinned = new Set<string>(); // hosts a flow would be using
        let now = 0;
        for (const op of ops) {
          now++;
          if (op.kind === 'removeOldest') {
            if (order.length === 0) continue;
            t.remove(t.oldestSlot);
            const gone = order.shift()!;
            seen.delete(gone);
            pinned.delete(gone);
            continue;
          }
          if (op.kind === 'prune') {
            // The default prune: the k oldest hosts not in use, in one batch.
            const victims = order.filter((id) => !pinned.has(id)).slice(0, op.k);
            expect(t.removeOldestUnused(op.k)).toBe(victims.length);
            for (const id of victims) {
              order.splice(order.indexOf(id), 1);
              seen.delete(id);
            }
            for (const id of order) {
              const [v, key] = id.split('/').map(Number);
              expect(t.lookupSlot(v as 4 | 6, address(key, v === 6), 0)).not.toBe(-1);
            }
            for (const id of victims) {
              const [v, key] = id.split('/').map(Number);
              expect(t.lookupSlot(v as 4 | 6, address(key, v === 6), 0)).toBe(-1);
            }
            continue;
          }
          const id = `${op.v6 ? 6 : 4}/${op.key}`;
          const bytes = address(op.key, op.v6);
          const slot = t.lookupSlot(op.v6 ? 6 : 4, bytes, 0);
          expect(slot !== -1).toBe(seen.has(id));
          if (op.kind === 'create' && slot === -1) {
            const h = t.create(op.v6 ? 6 : 4, bytes, 0, now);
            h.distance = op.key & 0xff;
            h.lastFlavor = `f${op.key}`;
            order.push(id);
            seen.set(id, now);
          } else if (op.kind === 'touch' && slot !== -1) {
            t.touch(slot, now);
            order.splice(order.indexOf(id), 1);
            order.push(id);
          } else if (op.kind === 'remove' && slot !== -1) {
            t.remove(slot);
            order.splice(order.indexOf(id), 1);
            seen.delete(id);
            pinned.delete(id);
          } else if (op.kind === 'pin' && slot !== -1 && !pinned.has(id)) {
            t.addUse(slot, 1, false);
            pinned.add(id);
          }
        }
        expect(t.count).toBe(order.length);
        const listed = [...t].map((h) => `${h.ipVersion}/${(h.address[h.address.length - 2] << 8) | h.address[h.address.length - 1]}`);
        expect(listed).toEqual(order);
        for (const h of t) {
          const key = (h.address[h.address.length - 2] << 8) | h.address[h.address.length - 1];
          expect(h.firstSeen).toBe(seen.get(`${h.ipVersion}/${key}`));
          expect(h.distance).toBe(key & 0xff);
          expect(h.lastFlavor).toBe(`f${key}`);
          expect(t.lookup(h.ipVersion, h.address, 0)?.slot).toBe(h.slot);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('FlowTable against a model', () => {
  it('finds live flows from both directions, forgets destroyed ones and keeps creation order', () => {
    const flowOp = fc.record({
      create: fc.boolean(), port: fc.integer({ min: 1, max: 200 }), server: fc.integer({ min: 0, max: 3 }),
      // Now and then the prune: the k oldest flows in one batch.
      pruneOldest: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 30 })),
    });
    fc.assert(
      fc.property(fc.array(flowOp, { maxLength: 500 }), fc.integer(), fc.boolean(), (ops, seed, sweep) => {
        const hosts = new HostTable(4, seed >>> 0);
        const flows = new FlowTable(hosts, 4, (seed >>> 0) ^ 1, sweep ? 0 : undefined);
        const client = address(1, false);
        const servers = [0, 1, 2, 3].map((i) => address(100 + i, false));
        const c = hosts.create(4, client, 0, 0).slot;
        const s = servers.map((a) => hosts.create(4, a, 0, 0).slot);
        const live: string[] = [];
        for (const op of ops) {
          if (op.pruneOldest > 0) {
            flows.destroyOldest(op.pruneOldest);
            for (const gone of live.splice(0, op.pruneOldest)) {
              const [port, server] = gone.split('>').map(Number);
              expect(flows.lookupSlot(4, client, 0, port, servers[server], 0, 80)).toBe(-1);
            }
            for (const id of live) {
              const [port, server] = id.split('>').map(Number);
              expect(flows.lookupSlot(4, client, 0, port, servers[server], 0, 80)).not.toBe(-1);
            }
          }
          const id = `${op.port}>${op.server}`;
          const dst = servers[op.server];
          const found = flows.lookupSlot(4, dst, 0, 80, client, 0, op.port);
          expect(found !== -1).toBe(live.includes(id));
          if (found !== -1) expect(flows.lastToServer).toBe(false);
          if (op.create && found === -1) {
            flows.createSlot(c, s[op.server], op.port, 80, op.port, 0);
            live.push(id);
          } else if (!op.create && found !== -1) {
            flows.destroy(found);
            live.splice(live.indexOf(id), 1);
          }
        }
        expect(flows.count).toBe(live.length);
        expect([...flows].map((f) => `${f.cliPort}>${servers.findIndex((a) => a[3] === f.server.address[3])}`)).toEqual(live);
        expect(hosts.useCountOf(c)).toBe(live.length);
        for (const f of flows) expect(f.nextCliSeq).toBe(f.cliPort + 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('stored SYN signatures', () => {
  it('round-trip unsigned 32-bit values, option layouts and millisecond times exactly', () => {
    const t = new HostTable(4, 7);
    const h = t.create(4, address(1, false), 0, 1);
    const layout = new Uint8Array(40);
    const kinds = [2, 1, 3, 4, 8, 0xfe, 0xff, 5, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    layout.set(kinds);
    const obs = {
      ttl: 255, mss: 65535, quirks: 0x80000001, layout, layoutLength: kinds.length,
      ts1: 0xfffffff0, receivedMs: 1_700_000_000_123,
    } as unknown as TcpObservation;
    const sig = { generic: true } as unknown as TcpSignature;
    expect(h.lastSyn).toBeNull();
    h.storeLastSyn(obs, sig, true, 300);
    const s = h.lastSyn!;
    expect([s.ttl, s.mss, s.quirks, s.ts1, s.receivedMs, s.distance]).toEqual([255, 65535, 0x80000001, 0xfffffff0, 1_700_000_000_123, 300]);
    expect([s.fuzzy, s.generic, s.matched]).toEqual([true, true, sig]);
    expect(s.layoutKinds()).toEqual(kinds);
    expect(s.sameLayout(obs)).toBe(true);
    layout[23] = 14;
    expect(s.sameLayout(obs)).toBe(false);
    expect(h.lastSynAck).toBeNull();
    // The SYN+ACK block lives in the other arena; it must not disturb the SYN one.
    layout[23] = 13;
    h.storeLastSynAck({ ...obs, ttl: 128, ts1: 7 } as TcpObservation, null, false, 9);
    const a = h.lastSynAck!;
    expect([a.ttl, a.ts1, a.distance, a.matched, a.fuzzy]).toEqual([128, 7, 9, null, false]);
    expect(a.layoutKinds()).toEqual(kinds);
    expect([h.lastSyn!.ttl, h.lastSyn!.ts1]).toEqual([255, 0xfffffff0]);
  });
});

describe('interned signatures and strings', () => {
  it('stay bounded across many database generations while live hosts keep theirs', () => {
    const t = new HostTable(16, 9);
    const layout = new Uint8Array(40);
    const obs = { ttl: 64, mss: 1460, quirks: 0, layout, layoutLength: 0, ts1: 0, receivedMs: 0 } as unknown as TcpObservation;
    const keeper = t.create(4, address(1, false), 0, 1);
    const kept = { generic: false, flavor: 'kept' } as unknown as TcpSignature;
    keeper.storeLastSyn(obs, kept, false, 0);
    keeper.lastFlavor = 'kept';
    keeper.linkType = 'Ethernet or modem';
    const churn = t.create(4, address(2, false), 0, 1);
    // Each store brings a signature object no other host uses, as after a reload.
    for (let i = 0; i < 20_000; i++) {
      churn.storeLastSynAck(obs, { generic: false } as unknown as TcpSignature, false, 0);
      churn.lastFlavor = `flavor ${i}`;
    }
    const internal = t as unknown as { signatures: unknown[]; strings: unknown[] };
    expect(internal.signatures.length).toBeLessThan(4096);
    expect(internal.strings.length).toBeLessThan(4096);
    expect(keeper.lastSyn?.matched).toBe(kept);
    expect([keeper.lastFlavor, keeper.linkType]).toEqual(['kept', 'Ethernet or modem']);
    expect(churn.lastFlavor).toBe('flavor 19999');
  });
});
