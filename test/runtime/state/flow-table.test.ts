import { describe, expect, it } from 'vitest';
import { FlowTable } from '../../../runtime/state/flow-table.js';
import { HostTable } from '../../../runtime/state/host-table.js';

const A = Uint8Array.of(10, 0, 0, 1);
const B = Uint8Array.of(10, 0, 0, 2);

describe('FlowTable', () => {
  it('finds a flow from either direction and reports which', () => {
    const hosts = new HostTable(4, 1);
    const flows = new FlowTable(hosts, 4, 1);
    const a = hosts.create(4, A, 0, 1);
    const b = hosts.create(4, B, 0, 1);
    const f = flows.create(a, b, 40000, 80, 0xffffffff, 1);
    expect(f.nextCliSeq).toBe(0);
    expect(flows.lookup(4, A, 0, 40000, B, 0, 80)?.slot).toBe(f.slot);
    expect(flows.lastToServer).toBe(true);
    expect(flows.lookup(4, B, 0, 80, A, 0, 40000)?.slot).toBe(f.slot);
    expect(flows.lastToServer).toBe(false);
    expect(flows.lookup(4, A, 0, 40001, B, 0, 80)).toBeNull();
    expect(flows.lookup(4, B, 0, 40000, A, 0, 80)).toBeNull();
  });

  it('counts host references and releases them on destroy (§7.6)', () => {
    const hosts = new HostTable(4, 2);
    const flows = new FlowTable(hosts, 4, 2);
    const a = hosts.create(4, A, 0, 1);
    const b = hosts.create(4, B, 0, 1);
    const f1 = flows.create(a, b, 1, 80, 0, 1);
    const f2 = flows.create(a, b, 2, 80, 0, 2);
    expect([a.useCount, b.useCount, a.totalConnections]).toEqual([2, 2, 2]);
    flows.destroy(f1.slot);
    expect([a.useCount, b.useCount, a.totalConnections]).toEqual([1, 1, 2]);
    expect(flows.oldest?.slot).toBe(f2.slot);
    expect(flows.count).toBe(1);
  });

  it('keeps creation order and survives growth', () => {
    const hosts = new HostTable(4, 3);
    const flows = new FlowTable(hosts, 4, 3);
    const a = hosts.create(4, A, 0, 1);
    const b = hosts.create(4, B, 0, 1);
    for (let p = 1; p <= 3000; p++) flows.create(a, b, p, 80, 0, p);
    expect(flows.oldest?.cliPort).toBe(1);
    expect(flows.newest?.cliPort).toBe(3000);
    for (let p = 1; p <= 3000; p += 13) expect(flows.lookup(4, B, 0, 80, A, 0, p)?.created).toBe(p);
  });

  it('keeps at most 8192 bytes of payload per direction', () => {
    const hosts = new HostTable(4, 4);
    const flows = new FlowTable(hosts, 4, 4);
    const f = flows.create(hosts.create(4, A, 0, 1), hosts.create(4, B, 0, 1), 1, 80, 0, 1);
    const data = new Uint8Array(5000).fill(65);
    expect(f.appendPayload(true, data, 0, 5000)).toBe(5000);
    expect(f.appendPayload(true, data, 0, 5000)).toBe(3192);
    expect(f.appendPayload(true, data, 0, 10)).toBe(0);
    expect(f.requestLength).toBe(8192);
    expect(f.payload(false).length).toBe(0);
  });
});
