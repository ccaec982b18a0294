/**
 * Test support: pcapng files whose interfaces have different link types (docs/deviations.md
 * D6), plus the same traffic in a file the real p0f reads whole, for the expected output of
 * our default mode; and layouts around the interface block where libpcap stops.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinkType } from '../../../runtime/capture/pcap-writer.js';
import { buildTcpPacket, tcpOpt, wrapEthernet } from '../../../runtime/synth/packet-builder.js';
import { PcapngBuilder } from '../capture/pcapng-builder.js';

/** A Linux-like SYN, so that p0f names an OS. */
function syn(src: string, srcPort: number): Uint8Array {
  return buildTcpPacket({
    src,
    dst: '10.0.0.1',
    srcPort,
    dstPort: 80,
    ttl: 64,
    df: true,
    window: 29200,
    options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(1, 0), tcpOpt.nop(), tcpOpt.ws(7)],
  });
}

const SECOND = 1_000_000n;
const T0 = 1_700_000_000n * SECOND;
const FIRST_ETH = wrapEthernet(syn('192.168.1.2', 1000));
const RAW = syn('192.168.1.3', 2000);
const LAST_ETH = wrapEthernet(syn('192.168.1.4', 3000));

/** A filter rule libpcap compiles for Ethernet but not for raw IP (it names a MAC address). */
export const ETHERNET_ONLY_RULE = 'not ether host 02:00:00:00:00:09';

export interface MixedLinkFiles {
  /** Ethernet interface, its SYN, then a raw-IP interface block, its SYN, another Ethernet SYN. */
  readonly lateRawInterface: string;
  /** Both interface blocks before any packet (what dumpcap writes), then the same three SYNs. */
  readonly interfacesFirst: string;
  /** The same three SYNs, all on Ethernet: what p0f can read whole. */
  readonly allEthernet: string;
  /** Two Ethernet interfaces (different timestamp units): one link type, read whole by p0f. */
  readonly twoEthernetInterfaces: string;
}

/**
 * Where libpcap stops reading for p0f, one file per layout. Every file carries the three
 * SYNs of `allEthernet` (the raw-IP one on a raw-IP interface only where one exists), so
 * that a default-mode reading of the undamaged ones is p0f's log of `allEthernet`.
 */
export interface LibpcapStopFiles {
  /** A second Ethernet interface whose snapshot length (65535) differs from the first's (262144). */
  readonly snaplenChange: string;
  /** The same, but the second interface states none (0), which libpcap takes as 262144. */
  readonly snaplenUnset: string;
  /** A second section whose only first-type interface follows a raw-IP one. */
  readonly rawSection: string;
  /** A raw-IP interface block whose option overruns it, then an Ethernet SYN. */
  readonly rawInterfaceBadOption: string;
  /** A raw-IP interface block, then an Ethernet SYN, then a truncated block. */
  readonly rawInterfaceThenDamage: string;
}

/** An interface block whose if_tsresol option claims 200 bytes (little-endian, 28 bytes). */
function interfaceWithOverrunningOption(linkType: number): Uint8Array {
  const block = new Uint8Array(28);
  const dv = new DataView(block.buffer);
  dv.setUint32(0, 1, true);
  dv.setUint32(4, 28, true);
  dv.setUint16(8, linkType, true);
  dv.setUint32(12, 262144, true);
  dv.setUint16(16, 9, true);
  dv.setUint16(18, 200, true);
  dv.setUint32(24, 28, true);
  return block;
}

/** The first 10 bytes of a 200-byte packet block: a file cut short. */
const TRUNCATED_BLOCK = Uint8Array.of(6, 0, 0, 0, 200, 0, 0, 0, 1, 2);

/** Writes a capture into `dir` and returns its path. */
function writeCapture(dir: string, name: string, capture: PcapngBuilder | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, capture instanceof Uint8Array ? capture : capture.build());
  return path;
}

export function writeLibpcapStopFiles(dir: string): LibpcapStopFiles {
  const write = (name: string, builder: PcapngBuilder): string => writeCapture(dir, name, builder);
  const twoEthernet = (snaplen: number): PcapngBuilder =>
    new PcapngBuilder()
      .section()
      .iface({ linkType: LinkType.ethernet, snaplen: 262144 })
      .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
      .iface({ linkType: LinkType.ethernet, snaplen })
      .packet({ interfaceId: 1, timestamp: T0 + SECOND, data: wrapEthernet(RAW) })
      .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH });
  return {
    snaplenChange: write('snaplen-change.pcapng', twoEthernet(65535)),
    snaplenUnset: write('snaplen-unset.pcapng', twoEthernet(0)),
    rawSection: write(
      'raw-section.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .section()
        .iface({ linkType: LinkType.raw })
        .iface({ linkType: LinkType.ethernet })
        .packet({ interfaceId: 0, timestamp: T0 + SECOND, data: RAW })
        .packet({ interfaceId: 1, timestamp: T0 + 2n * SECOND, data: LAST_ETH }),
    ),
    rawInterfaceBadOption: write(
      'raw-interface-bad-option.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .raw(interfaceWithOverrunningOption(LinkType.raw))
        .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH }),
    ),
    rawInterfaceThenDamage: write(
      'raw-interface-then-damage.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .iface({ linkType: LinkType.raw })
        .packet({ interfaceId: 1, timestamp: T0 + SECOND, data: RAW })
        .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH })
        .raw(TRUNCATED_BLOCK),
    ),
  };
}

export function writeMixedLinkFiles(dir: string): MixedLinkFiles {
  const write = (name: string, bytes: Uint8Array): string => writeCapture(dir, name, bytes);
  return {
    lateRawInterface: write(
      'late-raw-interface.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .iface({ linkType: LinkType.raw })
        .packet({ interfaceId: 1, timestamp: T0 + SECOND, data: RAW })
        .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH })
        .build(),
    ),
    interfacesFirst: write(
      'interfaces-first.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .iface({ linkType: LinkType.raw })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .packet({ interfaceId: 1, timestamp: T0 + SECOND, data: RAW })
        .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH })
        .build(),
    ),
    allEthernet: write(
      'all-ethernet.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .packet({ interfaceId: 0, timestamp: T0 + SECOND, data: wrapEthernet(RAW) })
        .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH })
        .build(),
    ),
    twoEthernetInterfaces: write(
      'two-ethernet-interfaces.pcapng',
      new PcapngBuilder()
        .section()
        .iface({ linkType: LinkType.ethernet })
        .iface({ linkType: LinkType.ethernet, tsresol: 3 })
        .packet({ interfaceId: 0, timestamp: T0, data: FIRST_ETH })
        .packet({ interfaceId: 1, timestamp: (T0 + SECOND) / 1000n, data: wrapEthernet(RAW) })
        .packet({ interfaceId: 0, timestamp: T0 + 2n * SECOND, data: LAST_ETH })
        .build(),
    ),
  };
}
