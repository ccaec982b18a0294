import { describe, expect, it } from 'vitest';
import { HostTable } from '../../../runtime/state/host-table.js';

const v4 = (a: number, b: number, c: number, d: number): Uint8Array => Uint8Array.of(a, b, c, d);

describe('HostTable', () => {
  it('finds hosts by version and address, including from an offset into a larger buffer', () => {
    const t = new HostTable(4, 1);
    const h = t.create(4, v4(10, 0, 0, 1), 0, 100);
    const buf = new Uint8Array(20);
    buf.set([10, 0, 0, 1], 7);
    expect(t.lookup(4, buf, 7)?.slot).toBe(h.slot);
    expect(t.lookup(4, v4(10, 0, 0, 2), 0)).toBeNull();
    const six = new Uint8Array(16);
    six.set([10, 0, 0, 1]);
    expect(t.lookup(6, six, 0)).toBeNull();
    expect(h.firstSeen).toBe(100);
    expect(h.distance).toBe(255);
    expect(h.lastUptimeMinutes).toBe(-1);
    expect(h.lastClassId).toBe(-1);
  });

  it('keeps age order by touch and removes from both ends', () => {
    const t = new HostTable(4, 2);
    const a = t.create(4, v4(1, 1, 1, 1), 0, 1);
    const b = t.create(4, v4(2, 2, 2, 2), 0, 2);
    const c = t.create(4, v4(3, 3, 3, 3), 0, 3);
    t.touch(a.slot, 4);
    expect([...t].map((h) => h.address[0])).toEqual([2, 3, 1]);
    expect(a.lastSeen).toBe(4);
    t.remove(b.slot);
    t.remove(a.slot);
    expect([...t].map((h) => h.slot)).toEqual([c.slot]);
    expect(t.oldest?.slot).toBe(c.slot);
    expect(t.newest?.slot).toBe(c.slot);
    expect(t.count).toBe(1);
    expect(t.lookup(4, v4(1, 1, 1, 1), 0)).toBeNull();
  });

  it('reuses a removed host\'s slot with fresh defaults', () => {
    const t = new HostTable(4, 3);
    const a = t.create(4, v4(1, 1, 1, 1), 0, 1);
    a.distance = 3;
    a.scores = new Uint8Array(64).fill(8);
    a.lastFlavor = 'x';
    a.badSoftware = 2;
    a.lastNat = 77;
    a.lastUptimeMinutes = 5;
    t.remove(a.slot);
    const b = t.create(4, v4(9, 9, 9, 9), 0, 2);
    expect(b.slot).toBe(a.slot);
    expect(b.lastFlavor).toBeNull();
    expect(b.badSoftware).toBe(0);
    expect(b.lastSyn).toBeNull();
    expect([b.lastNat, b.lastChange, b.lastUptimeMinutes, b.upModDays]).toEqual([0, 0, -1, 0]);
    b.lastChange = 9;
    expect([b.lastNat, b.lastChange, b.lastUptimeMinutes]).toEqual([0, 9, -1]);
    expect(b.distance).toBe(255);
    expect(b.scores).toBeNull();
    expect(b.address).toEqual(Uint8Array.of(9, 9, 9, 9));
    expect(t.lookup(4, v4(9, 9, 9, 9), 0)?.slot).toBe(b.slot);
    expect(t.lookup(4, v4(1, 1, 1, 1), 0)).toBeNull();
  });

  it('stays consistent through growth with many IPv6 hosts', () => {
    const t = new HostTable(4, 4);
    const addr = new Uint8Array(16);
    for (let i = 0; i < 5000; i++) {
      addr[14] = i >> 8;
      addr[15] = i & 0xff;
      t.create(6, addr, 0, i);
    }
    for (let i = 0; i < 5000; i += 7) {
      addr[14] = i >> 8;
      addr[15] = i & 0xff;
      expect(t.lookup(6, addr, 0)?.firstSeen).toBe(i);
    }
    expect(t.count).toBe(5000);
  });
});
