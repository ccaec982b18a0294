/**
 * The pcapng reader notes where libpcap would stop (docs/deviations.md D6) and reads on.
 * Which blocks libpcap stops at is checked against the real p0f in
 * test/runtime/cli/replay-mixed-link.test.ts; here: the offset, the moment it is set, and
 * that reading goes on past it.
 */
import { describe, expect, it } from 'vitest';
import { openCaptureBytes } from '../../../runtime/capture/capture-file.js';
import { isCaptureError, type CaptureReader } from '../../../runtime/capture/capture-record.js';
import { buildTcpPacket, wrapEthernet } from '../../../runtime/synth/packet-builder.js';
import { PcapngBuilder } from './pcapng-builder.js';

const ETH = wrapEthernet(buildTcpPacket({ srcPort: 1 }));
const RAW = buildTcpPacket({ srcPort: 2 });

function open(bytes: Uint8Array): CaptureReader {
  const opened = openCaptureBytes(bytes, 'stop.pcapng');
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.reader;
}

/** After each next(): the record's link type (or 'end' / the error message) and the stop's offset. */
function trace(reader: CaptureReader): Array<[number | string, number | null]> {
  const steps: Array<[number | string, number | null]> = [];
  for (let guard = 0; guard < 100; guard++) {
    const r = reader.next();
    const at = reader.libpcapStop?.offset ?? null;
    if (r === null) return [...steps, ['end', at]];
    if (isCaptureError(r)) return [...steps, [r.message, at]];
    steps.push([r.linkType, at]);
  }
  throw new Error('reader did not terminate');
}

for (const littleEndian of [true, false]) {
  describe(`pcapng reader: libpcap's stop (${littleEndian ? 'little' : 'big'}-endian)`, () => {
    const start = (): PcapngBuilder => new PcapngBuilder(littleEndian).section().iface({ linkType: 1 });

    it('is the first interface block of another link type, noted by the call that reads past it', () => {
      const offset = start().packet({ interfaceId: 0, timestamp: 1n, data: ETH }).build().length;
      const bytes = start()
        .packet({ interfaceId: 0, timestamp: 1n, data: ETH })
        .iface({ linkType: 101 })
        .iface({ linkType: 113 })
        .packet({ interfaceId: 1, timestamp: 2n, data: RAW })
        .packet({ interfaceId: 0, timestamp: 3n, data: ETH })
        .build();
      const reader = open(bytes);
      expect(trace(reader)).toEqual([[1, null], [101, offset], [1, offset], ['end', offset]]);
      expect(reader.libpcapStop?.message).toBe('an interface has a type 101 different from the type of the first interface');
    });

    it('before any packet when every interface block comes first', () => {
      const offset = start().build().length;
      const bytes = start().iface({ linkType: 101 }).packet({ interfaceId: 0, timestamp: 1n, data: ETH }).build();
      expect(trace(open(bytes))).toEqual([[1, offset], ['end', offset]]);
    });

    it('compares snapshot lengths as libpcap adjusts them (0 and above INT_MAX mean 262144)', () => {
      const withSecond = (first: number, second: number): Array<[number | string, number | null]> =>
        trace(open(new PcapngBuilder(littleEndian).section().iface({ linkType: 1, snaplen: first }).iface({ linkType: 1, snaplen: second }).build()));
      expect(withSecond(262144, 0)).toEqual([['end', null]]);
      expect(withSecond(0x80000000, 262144)).toEqual([['end', null]]);
      expect(withSecond(262144, 65535)).toEqual([['end', 48]]);
      expect(withSecond(0x7fffffff, 0)).toEqual([['end', 48]]);
      const reader = open(new PcapngBuilder(littleEndian).section().iface({ linkType: 1, snaplen: 0 }).iface({ linkType: 1, snaplen: 65535 }).build());
      reader.next();
      expect(reader.libpcapStop?.message).toBe('an interface has a snapshot length 65535 different from the snapshot length of the first interface');
    });

    it('counts from the first interface of the file, across sections', () => {
      const offset = start().section().build().length;
      const bytes = start().section().iface({ linkType: 101 }).packet({ interfaceId: 0, timestamp: 1n, data: RAW }).build();
      expect(trace(open(bytes))).toEqual([[101, offset], ['end', offset]]);
    });

    it('is noted before the interface block\'s options are read', () => {
      const offset = start().build().length;
      const badOption = new PcapngBuilder(littleEndian).iface({ linkType: 101, tsresol: 0x7f }).build();
      const [step] = trace(open(start().raw(badOption).build()));
      expect(step[0]).toMatch(/unsupported timestamp resolution/);
      expect(step[1]).toBe(offset);
    });
  });
}

describe('pcapng reader: no stop', () => {
  it('for interfaces of one link type and snapshot length, in any number of sections', () => {
    const bytes = new PcapngBuilder()
      .section()
      .iface({ linkType: 1 })
      .iface({ linkType: 1, tsresol: 9 })
      .packet({ interfaceId: 1, timestamp: 1n, data: ETH })
      .section()
      .iface({ linkType: 1 })
      .packet({ interfaceId: 0, timestamp: 2n, data: ETH })
      .build();
    expect(trace(open(bytes))).toEqual([[1, null], [1, null], ['end', null]]);
  });
});
