/**
 * The bundled sample capture (`signatures/sample.pcap`): a few connections built by our own
 * packet builder so the repository ships no third-party traffic. A Linux client fetching a
 * page from an Apache server with Firefox, a Windows 7/8 SYN, an IPv6 Linux SYN and a
 * second Linux SYN one second later (an uptime measurement). Deterministic: same bytes
 * every time (a test regenerates and compares).
 */
import { LinkType, writePcap, type PcapWriteRecord } from '../capture/pcap-writer.js';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet, type TcpPacketSpec } from '../synth/packet-builder.js';

const BASE_SECONDS = 1700000000; // 2023-11-14 22:13:20 UTC

const LINUX_CLIENT = '192.0.2.10';
const WINDOWS_CLIENT = '192.0.2.20';
const SERVER = '198.51.100.1';

const HTTP_REQUEST =
  'GET / HTTP/1.1\r\n' +
  'Host: www.example.com\r\n' +
  'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0\r\n' +
  'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n' +
  'Accept-Language: en-US,en;q=0.5\r\n' +
  'Accept-Encoding: gzip, deflate\r\n' +
  'Connection: keep-alive\r\n' +
  '\r\n';

const HTTP_RESPONSE =
  'HTTP/1.1 200 OK\r\n' +
  'Date: Tue, 14 Nov 2023 22:13:20 GMT\r\n' +
  'Server: Apache/2.4.57 (Debian)\r\n' +
  'Last-Modified: Mon, 13 Nov 2023 10:00:00 GMT\r\n' +
  'Accept-Ranges: bytes\r\n' +
  'Content-Length: 0\r\n' +
  'Keep-Alive: timeout=5, max=100\r\n' +
  'Connection: Keep-Alive\r\n' +
  'Content-Type: text/html\r\n' +
  '\r\n';

function linuxSynOptions(tsval: number) {
  return [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(tsval, 0), tcpOpt.nop(), tcpOpt.ws(7)];
}

export function buildSampleRecords(): PcapWriteRecord[] {
  const records: PcapWriteRecord[] = [];
  const add = (offsetMicros: number, spec: TcpPacketSpec): void => {
    const micros = Math.round(offsetMicros);
    records.push({
      seconds: BASE_SECONDS + Math.floor(micros / 1e6),
      microseconds: micros % 1e6,
      data: wrapEthernet(buildTcpPacket(spec)),
    });
  };

  // 1. Linux client → Apache over HTTP: SYN, SYN+ACK, ACK, request, response.
  const cli = { src: LINUX_CLIENT, dst: SERVER, srcPort: 40000, dstPort: 80, ttl: 64, df: true };
  const srv = { src: SERVER, dst: LINUX_CLIENT, srcPort: 80, dstPort: 40000, ttl: 57, df: true, ipId: 0 };
  const cIsn = 0x1000;
  const sIsn = 0x2000;
  add(0, { ...cli, ipId: 0x4321, seq: cIsn, flags: TcpFlag.syn, window: 29200, options: linuxSynOptions(1000000) });
  add(10_000, {
    ...srv,
    seq: sIsn,
    ack: cIsn + 1,
    flags: TcpFlag.syn | TcpFlag.ack,
    window: 28960,
    options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(5000000, 1000000), tcpOpt.nop(), tcpOpt.ws(7)],
  });
  add(20_000, { ...cli, ipId: 0x4322, seq: cIsn + 1, ack: sIsn + 1, flags: TcpFlag.ack, window: 229, options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(1000010, 5000000)] });
  add(21_000, {
    ...cli,
    ipId: 0x4323,
    seq: cIsn + 1,
    ack: sIsn + 1,
    flags: TcpFlag.ack | TcpFlag.psh,
    window: 229,
    options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(1000011, 5000000)],
    payload: HTTP_REQUEST,
  });
  add(40_000, {
    ...srv,
    seq: sIsn + 1,
    ack: cIsn + 1 + HTTP_REQUEST.length,
    flags: TcpFlag.ack | TcpFlag.psh,
    window: 227,
    options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(5000003, 1000011)],
    payload: HTTP_RESPONSE,
  });

  // 2. Windows 7/8 SYN to HTTPS (no answer).
  add(200_000, {
    src: WINDOWS_CLIENT, dst: SERVER, srcPort: 49200, dstPort: 443, ttl: 128, df: true, ipId: 0x1111,
    seq: 0x30000, flags: TcpFlag.syn, window: 8192,
    options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.ws(2), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok()],
  });

  // 3. IPv6 Linux SYN (flow label 0) to SSH.
  add(300_000, {
    ipVersion: 6, src: '2001:db8::10', dst: '2001:db8::1', srcPort: 41000, dstPort: 22, ttl: 64,
    seq: 0x40000, flags: TcpFlag.syn, window: 64800, options: [tcpOpt.mss(1440), tcpOpt.sok(), tcpOpt.ts(777000, 0), tcpOpt.nop(), tcpOpt.ws(7)],
  });

  // 4. The Linux client again, 1.5 s after its first SYN, clock +1500 ticks: 1000 Hz (uptime).
  add(1_500_000, { ...cli, srcPort: 40002, ipId: 0x5555, seq: 0x50000, flags: TcpFlag.syn, window: 29200, options: linuxSynOptions(1001500) });
  return records;
}

export function buildSampleCapture(): Uint8Array {
  return writePcap(LinkType.ethernet, buildSampleRecords());
}
