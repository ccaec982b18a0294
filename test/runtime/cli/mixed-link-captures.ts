/**
 * Test support: pcapng files whose interfaces have different link types (docs/deviations.md
 * D6), plus the same traffic in a file the real p0f reads whole, for the expected output of
 * our default mode.
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

export function writeMixedLinkFiles(dir: string): MixedLinkFiles {
  const write = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
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
