import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureBytes, openCaptureFile } from '../../../runtime/capture/capture-file.js';
import { isCaptureError, type CaptureError, type CaptureReader } from '../../../runtime/capture/capture-record.js';
import { writePcap } from '../../../runtime/capture/pcap-writer.js';
import { buildTcpPacket, wrapEthernet } from '../../../runtime/synth/packet-builder.js';
import { CRAFTED_DIR, REAL_DIR } from '../decode/corpus-packets.js';
import { PcapngBuilder } from './pcapng-builder.js';

const tmp = mkdtempSync(join(tmpdir(), 'p0f-ts-capture-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function drain(reader: CaptureReader, limit = 10_000_000): { stamps: string[]; error: CaptureError | null } {
  const stamps: string[] = [];
  for (let i = 0; i < limit; i++) {
    const r = reader.next();
    if (r === null) return { stamps, error: null };
    if (isCaptureError(r)) {
      expect(reader.next()).toBeNull(); // an error ends the stream
      return { stamps, error: r };
    }
    stamps.push(`${r.seconds}.${String(r.microseconds).padStart(6, '0')} ${r.capturedLength} ${r.originalLength}`);
  }
  throw new Error('reader did not terminate');
}

function tcpdumpStamps(file: string): string[] {
  return execFileSync('tcpdump', ['-tt', '-nn', '-r', file, '-e'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 })
    .split('\n')
    .filter((l) => /^\d+\.\d{6} /.test(l) || l.startsWith('[Invalid header: caplen==0, len==0]'))
    .map((l) => (l.startsWith('[') ? 'empty record' : l.split(' ')[0]));
}

const packets = Array.from({ length: 5 }, (_, i) => wrapEthernet(buildTcpPacket({ srcPort: 1000 + i, payload: 'x'.repeat(i * 7) })));

describe('openCaptureFile on corpus files with unusual headers', () => {
  for (const file of [`${CRAFTED_DIR}/pcap_nsec.pcap`, `${CRAFTED_DIR}/pcap_bigendian.pcap`, `${REAL_DIR}/nanosec-v6.pcap`, `${REAL_DIR}/pcapng-dumpcap-v4.pcapng`, `${CRAFTED_DIR}/malformed.pcap`]) {
    it(`${file.split('/').pop()}: timestamps (µs) equal tcpdump's`, () => {
      const opened = openCaptureFile(file);
      expect(opened.ok).toBe(true);
      if (!opened.ok) return;
      const { stamps, error } = drain(opened.reader);
      expect(error).toBeNull();
      expect(stamps.map((s) => (s.endsWith(' 0 0') ? 'empty record' : s.split(' ')[0]))).toEqual(tcpdumpStamps(file));
    });
  }
});

describe('classic pcap variants', () => {
  for (const bigEndian of [false, true]) {
    for (const nanosecond of [false, true]) {
      it(`${bigEndian ? 'big' : 'little'}-endian, ${nanosecond ? 'ns' : 'µs'}`, () => {
        const bytes = writePcap(101, packets.map((data, i) => ({ seconds: 1_600_000_000 + i, microseconds: nanosecond ? 123_456_789 : 123_456, data })), { bigEndian, nanosecond });
        const opened = openCaptureBytes(bytes);
        expect(opened.ok).toBe(true);
        if (!opened.ok) return;
        expect(opened.reader.linkType).toBe(101);
        const { stamps, error } = drain(opened.reader);
        expect(error).toBeNull();
        expect(stamps).toEqual(packets.map((p, i) => `${1_600_000_000 + i}.123456 ${p.length} ${p.length}`));
      });
    }
  }

  it('streams a file larger than its read chunk with constant memory', () => {
    const file = join(tmp, 'big.pcap');
    const one = wrapEthernet(buildTcpPacket({ payload: 'y'.repeat(1000) }));
    const count = 12_000; // ~12.5 MB, several 4 MiB chunks, records straddling chunk edges
    writeFileSync(file, writePcap(1, Array.from({ length: count }, (_, i) => ({ seconds: i, microseconds: 0, data: one }))));
    const opened = openCaptureFile(file);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    let n = 0;
    let sameBytes = true;
    for (let r = opened.reader.next(); r !== null && !isCaptureError(r); r = opened.reader.next()) {
      if (r.seconds !== n || r.data[r.data.length - 1] !== 0x79 || r.data.length !== one.length) sameBytes = false;
      n++;
    }
    opened.reader.close();
    expect(n).toBe(count);
    expect(sameBytes).toBe(true);
  });
});

describe('bad files give a clear error, never a throw or a hang', () => {
  it('missing, empty, and non-capture files', () => {
    const missing = openCaptureFile(join(tmp, 'nope.pcap'));
    expect(!missing.ok && missing.error.message).toMatch(/cannot open capture file: .*ENOENT/);
    writeFileSync(join(tmp, 'empty.pcap'), '');
    const empty = openCaptureFile(join(tmp, 'empty.pcap'));
    expect(!empty.ok && empty.error.message).toBe('not a capture file: empty file');
    const directory = openCaptureFile(tmp);
    expect(!directory.ok && directory.error.message).toMatch(/^read error: .*EISDIR/);
    const text = openCaptureBytes(new TextEncoder().encode('GET / HTTP/1.1\r\n'), 'x.txt');
    expect(!text.ok && text.error.message).toBe('not a pcap or pcapng file (magic 0x47455420)');
    const shortHeader = openCaptureBytes(writePcap(1, []).subarray(0, 20), 'short.pcap');
    expect(!shortHeader.ok && shortHeader.error).toEqual({ kind: 'capture-error', file: 'short.pcap', offset: 0, message: 'truncated pcap file header: need 24 bytes, file has 20' });
  });

  it('a pcap cut at every byte returns all whole records, then says where it was cut', () => {
    const whole = writePcap(1, packets.map((data, i) => ({ seconds: i, microseconds: 0, data })));
    const ends: number[] = [24];
    for (const p of packets) ends.push(ends[ends.length - 1] + 16 + p.length);
    for (let cut = 24; cut <= whole.length; cut++) {
      const opened = openCaptureBytes(whole.subarray(0, cut), 'cut.pcap');
      expect(opened.ok).toBe(true);
      if (!opened.ok) continue;
      const { stamps, error } = drain(opened.reader);
      const complete = ends.filter((e) => e <= cut).length - 1;
      expect(stamps).toHaveLength(complete);
      if (ends.includes(cut)) expect(error).toBeNull();
      else {
        expect(error?.offset).toBe(ends[complete]);
        expect(error?.message).toMatch(/^truncated (record header|packet data)/);
      }
    }
  });

  it('a pcapng cut at every byte never throws and reports the cut', () => {
    const whole = new PcapngBuilder().section().iface({ linkType: 1 }).packet({ interfaceId: 0, timestamp: 1n, data: packets[0] }).packet({ interfaceId: 0, timestamp: 2n, data: packets[1] }).build();
    const boundaries = new Set<number>();
    for (let at = 0; at < whole.length; at += new DataView(whole.buffer).getUint32(at + 4, true)) boundaries.add(at);
    expect(boundaries.size).toBe(4);
    for (let cut = 4; cut < whole.length; cut++) {
      const opened = openCaptureBytes(whole.subarray(0, cut), 'cut.pcapng');
      expect(opened.ok).toBe(true);
      if (!opened.ok) continue;
      const { stamps, error } = drain(opened.reader);
      expect(stamps.length).toBeLessThan(2);
      if (boundaries.has(cut)) expect(error).toBeNull();
      else expect(error?.message).toMatch(/^truncated/);
    }
  });

  it('truncated and corrupted copies of malformed.pcap never throw or hang', () => {
    const original = readFileSync(`${CRAFTED_DIR}/malformed.pcap`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: original.length }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (cut, flips) => {
        const bytes = new Uint8Array(original.subarray(0, cut));
        for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
        const opened = openCaptureBytes(bytes, 'fuzzed.pcap');
        if (!opened.ok) return opened.error.message.length > 0;
        const { error } = drain(opened.reader, 100_000);
        return error === null || (error.file === 'fuzzed.pcap' && error.offset >= 24 && error.message.length > 0);
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });

  it('truncated and corrupted copies of a dumpcap pcapng never throw or hang', () => {
    const original = readFileSync(`${REAL_DIR}/pcapng-dumpcap-v4.pcapng`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: original.length }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (cut, flips) => {
        const bytes = new Uint8Array(original.subarray(0, cut));
        for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
        const opened = openCaptureBytes(bytes, 'fuzzed.pcapng');
        if (!opened.ok) return opened.error.message.length > 0;
        const { error } = drain(opened.reader, 100_000);
        return error === null || (error.file === 'fuzzed.pcapng' && error.offset >= 0 && error.offset <= bytes.length && error.message.length > 0);
      }),
      { numRuns: 400, seed: 20261127 },
    );
  });

  it('a corrupt record length is reported, not allocated', () => {
    const bytes = writePcap(1, [{ seconds: 1, microseconds: 0, data: packets[0] }]);
    new DataView(bytes.buffer).setUint32(24 + 8, 0x7fffffff, true);
    const opened = openCaptureBytes(bytes, 'corrupt.pcap');
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(drain(opened.reader).error?.message).toMatch(/^invalid packet capture length 2147483647, bigger than snaplen of 262144/);
  });

  it('keeps only the snapshot length of a record longer than the file snaplen, as libpcap (tcpdump) does', () => {
    const file = join(tmp, 'snaplen.pcap');
    writeFileSync(file, writePcap(1, packets.map((data, i) => ({ seconds: i, microseconds: 0, data })), { snaplen: 60 }));
    const rewritten = execFileSync('tcpdump', ['-r', file, '-w', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const read = (bytes: Uint8Array): string[] => {
      const opened = openCaptureBytes(bytes);
      expect(opened.ok).toBe(true);
      const out: string[] = [];
      if (opened.ok) for (let r = opened.reader.next(); r !== null && !isCaptureError(r); r = opened.reader.next()) out.push(`${r.capturedLength}/${r.originalLength}:${Buffer.from(r.data).toString('hex')}`);
      return out;
    };
    const ours = read(readFileSync(file));
    expect(ours).toEqual(read(new Uint8Array(rewritten)));
    expect(ours.map((r) => r.split(':')[0])).toEqual(packets.map((p) => `${Math.min(p.length, 60)}/${p.length}`));
  });
});

describe('tiny read chunks', () => {
  it('every corpus capture reads the same with 7-byte and 64-byte chunks as with the default', () => {
    const files = [`${CRAFTED_DIR}/malformed.pcap`, `${CRAFTED_DIR}/pcap_bigendian.pcap`, `${REAL_DIR}/pcapng-dumpcap-v4.pcapng`, `${REAL_DIR}/nanosec-v6.pcap`, `${REAL_DIR}/mtu9000-v4-jumbo.pcap`];
    for (const file of files) {
      const all = (chunkSize?: number): string[] => {
        const opened = openCaptureFile(file, { chunkSize });
        expect(opened.ok).toBe(true);
        if (!opened.ok) return [];
        const out: string[] = [];
        for (let r = opened.reader.next(); r !== null && !isCaptureError(r); r = opened.reader.next()) {
          out.push(`${r.seconds}.${r.microseconds}:${r.linkType}:${Buffer.from(r.data).toString('base64')}`);
        }
        opened.reader.close();
        return out;
      };
      const reference = all();
      expect(reference.length).toBeGreaterThan(20);
      expect(all(7)).toEqual(reference);
      expect(all(64)).toEqual(reference);
    }
  });
});
