import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureBytes, openCaptureFile } from '../../../runtime/capture/capture-file.js';
import { isCaptureError, type CaptureError } from '../../../runtime/capture/capture-record.js';
import { buildTcpPacket, wrapEthernet } from '../../../runtime/synth/packet-builder.js';
import { PcapngBuilder } from './pcapng-builder.js';

const tmp = mkdtempSync(join(tmpdir(), 'p0f-ts-ng-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Row { linkType: number; seconds: number; microseconds: number; len: number; orig: number; first: number }

function readAll(bytes: Uint8Array): { rows: Row[]; error: CaptureError | null } {
  const opened = openCaptureBytes(bytes, 'test.pcapng');
  if (!opened.ok) return { rows: [], error: opened.error };
  const rows: Row[] = [];
  for (let guard = 0; guard < 100_000; guard++) {
    const r = opened.reader.next();
    if (r === null) return { rows, error: null };
    if (isCaptureError(r)) return { rows, error: r };
    rows.push({ linkType: r.linkType, seconds: r.seconds, microseconds: r.microseconds, len: r.capturedLength, orig: r.originalLength, first: r.data[0] });
  }
  throw new Error('reader did not terminate');
}

const ETH = wrapEthernet(buildTcpPacket({ srcPort: 1 }));
const RAW = buildTcpPacket({ srcPort: 2, ipVersion: 6 });

for (const littleEndian of [true, false]) {
  describe(`pcapng reader (${littleEndian ? 'little' : 'big'}-endian)`, () => {
    it('reads several interfaces, each with its own link type and timestamp resolution', () => {
      const bytes = new PcapngBuilder(littleEndian)
        .section()
        .iface({ linkType: 1 })
        .iface({ linkType: 101, tsresol: 9 })
        .iface({ linkType: 113, tsresol: 0x80 | 20 })
        .other(0x00000005, 40) // interface statistics: skipped
        .packet({ interfaceId: 0, timestamp: 1_700_000_000_123_456n, data: ETH })
        .packet({ interfaceId: 1, timestamp: 1_700_000_001_987_654_321n, data: RAW, originalLength: RAW.length + 100 })
        .other(0x0bad, 12)
        .packet({ interfaceId: 2, timestamp: (1_700_000_002n << 20n) + (1n << 19n), data: ETH })
        .simplePacket(ETH)
        .build();
      const { rows, error } = readAll(bytes);
      expect(error).toBeNull();
      expect(rows).toEqual([
        { linkType: 1, seconds: 1_700_000_000, microseconds: 123_456, len: ETH.length, orig: ETH.length, first: ETH[0] },
        { linkType: 101, seconds: 1_700_000_001, microseconds: 987_654, len: RAW.length, orig: RAW.length + 100, first: 0x60 },
        { linkType: 113, seconds: 1_700_000_002, microseconds: 500_000, len: ETH.length, orig: ETH.length, first: ETH[0] },
        { linkType: 1, seconds: 0, microseconds: 0, len: ETH.length, orig: ETH.length, first: ETH[0] },
      ]);
    });

    it('starts over with the interfaces of a new section (byte order may change)', () => {
      const bytes = new PcapngBuilder(littleEndian)
        .section().iface({ linkType: 1 }).packet({ interfaceId: 0, timestamp: 5_000_000n, data: ETH })
        .raw(new PcapngBuilder(!littleEndian).section().iface({ linkType: 101 }).packet({ interfaceId: 0, timestamp: 7_000_001n, data: RAW }).build())
        .build();
      const { rows, error } = readAll(bytes);
      expect(error).toBeNull();
      expect(rows.map((r) => [r.linkType, r.seconds, r.microseconds])).toEqual([[1, 5, 0], [101, 7, 1]]);
    });

    it('rejects a zero-length block instead of looping on it', () => {
      const bad = new Uint8Array(12);
      new DataView(bad.buffer).setUint32(0, 0x0bad, littleEndian); // length field 0
      const bytes = new PcapngBuilder(littleEndian).section().iface({ linkType: 1 }).packet({ interfaceId: 0, timestamp: 1n, data: ETH }).raw(bad).build();
      const { rows, error } = readAll(bytes);
      expect(rows).toHaveLength(1);
      expect(error?.message).toMatch(/invalid block length 0/);
      expect(error?.offset).toBe(bytes.length - 12 + 4);
    });

    it('rejects a packet longer than its interface snaplen, as libpcap does', () => {
      const bytes = new PcapngBuilder(littleEndian).section().iface({ linkType: 1, snaplen: 40 }).packet({ interfaceId: 0, timestamp: 1n, data: ETH }).build();
      expect(readAll(bytes).error?.message).toBe(`invalid packet capture length ${ETH.length}, bigger than snaplen of 40`);
    });

    it('reports a packet for an undescribed interface and a length mismatch', () => {
      const undescribed = new PcapngBuilder(littleEndian).section().iface({ linkType: 1 }).packet({ interfaceId: 3, timestamp: 1n, data: ETH }).build();
      expect(readAll(undescribed).error?.message).toMatch(/interface 3, but only 1 are described/);
      const mismatch = new PcapngBuilder(littleEndian).section().iface({ linkType: 1 }).packet({ interfaceId: 0, timestamp: 1n, data: ETH }).build();
      mismatch[mismatch.length - (littleEndian ? 4 : 1)] ^= 0x40;
      expect(readAll(mismatch).error?.message).toMatch(/block length mismatch/);
    });
  });
}

describe('pcapng reader against tcpdump', () => {
  it('a mixed-link-type file built here is read the same as tcpdump reads it, packet by packet', () => {
    const bytes = new PcapngBuilder(false)
      .section()
      .iface({ linkType: 1 })
      .iface({ linkType: 1, tsresol: 3 })
      .packet({ interfaceId: 0, timestamp: 1_600_000_000_000_001n, data: ETH })
      .packet({ interfaceId: 1, timestamp: 1_600_000_000_250n, data: ETH })
      .build();
    const file = join(tmp, 'x.pcapng');
    writeFileSync(file, bytes);
    const tcpdump = execFileSync('tcpdump', ['-tt', '-nn', '-r', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').filter((l) => l !== '').map((l) => l.split(' ')[0]);
    const opened = openCaptureFile(file);
    expect(opened.ok).toBe(true);
    const ours: string[] = [];
    if (opened.ok) {
      for (let r = opened.reader.next(); r !== null && !isCaptureError(r); r = opened.reader.next()) {
        ours.push(`${r.seconds}.${String(r.microseconds).padStart(6, '0')}`);
      }
    }
    expect(ours).toEqual(tcpdump);
  });
});
