/**
 * Deterministic synthetic traffic for differential tests: varied SYNs and SYN+ACKs (TTL,
 * window, MSS, option layouts, DF/ID, IPv4/IPv6), repeated SYNs from the same hosts (uptime,
 * NAT scoring) and HTTP exchanges, written as an Ethernet pcap.
 */
import { LinkType, writePcap, type PcapWriteRecord } from '../../runtime/capture/pcap-writer.js';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet, type TcpOptionSpec, type TcpPacketSpec } from '../../runtime/synth/packet-builder.js';

/** mulberry32: small, seedable, good enough for test variety. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Layout = (mss: number, ts: number, ws: number) => TcpOptionSpec[];

const LAYOUTS: readonly Layout[] = [
  (m, t, w) => [tcpOpt.mss(m), tcpOpt.sok(), tcpOpt.ts(t, 0), tcpOpt.nop(), tcpOpt.ws(w)],
  (m, _t, w) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.ws(w), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok()],
  (m) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok()],
  (m, t, w) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.ws(w), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(t, 0), tcpOpt.sok(), tcpOpt.eol(), tcpOpt.eol()],
  (m) => [tcpOpt.mss(m)],
  (m, t) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(t, 0)],
  (m, t, w) => [tcpOpt.mss(m), tcpOpt.sok(), tcpOpt.ts(t, 0), tcpOpt.nop(), tcpOpt.ws(w)],
  () => [],
];

const USER_AGENTS = [
  'curl/7.88.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0',
  'Wget/1.21.3',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
];

export interface SyntheticOptions {
  readonly seed: number;
  readonly connections: number;
}

export function buildSyntheticRecords(options: SyntheticOptions): PcapWriteRecord[] {
  const rnd = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const records: PcapWriteRecord[] = [];
  let micros = 0;
  const base = 1600000000;
  const push = (spec: TcpPacketSpec): void => {
    micros += 1000 + Math.floor(rnd() * 200_000);
    records.push({ seconds: base + Math.floor(micros / 1e6), microseconds: micros % 1e6, data: wrapEthernet(buildTcpPacket(spec)) });
  };
  const clientClock = new Map<number, number>();
  for (let i = 0; i < options.connections; i++) {
    const v6 = rnd() < 0.15;
    const host = Math.floor(rnd() * 40); // few hosts → repeated SYNs, uptime and NAT scoring
    const src = v6 ? `2001:db8:1::${(host + 1).toString(16)}` : `10.1.${host >> 4}.${(host & 15) + 1}`;
    const dst = v6 ? '2001:db8:2::1' : `192.168.50.${1 + Math.floor(rnd() * 3)}`;
    const srcPort = 1024 + Math.floor(rnd() * 60000);
    const dstPort = pick([80, 80, 443, 22]);
    const mss = pick([1460, 1440, 1400, 1380, 536, 1360, 1220, 8960]);
    const ws = pick([0, 2, 6, 7, 8]);
    const tsClock = clientClock.get(host) ?? Math.floor(rnd() * 1e9);
    const clock = tsClock + Math.floor(rnd() * 5000);
    clientClock.set(host, clock);
    const layout = pick(LAYOUTS);
    const window = pick([mss * 20, mss * 10, mss * 44, 8192, 65535, 29200, 64240, 14600, 5840, 16384]);
    const ttl = pick([64, 128, 255, 60, 120, 50, 250, 32]);
    const df = rnd() < 0.8;
    const isn = Math.floor(rnd() * 0xffffffff);
    const cli: TcpPacketSpec = {
      ipVersion: v6 ? 6 : 4, src, dst, srcPort, dstPort, ttl, df, ipId: rnd() < 0.2 ? 0 : 1 + Math.floor(rnd() * 65000),
      flowLabel: v6 && rnd() < 0.5 ? 0x12345 : 0,
    };
    push({ ...cli, seq: isn, flags: TcpFlag.syn, window, options: layout(mss, clock, ws) });
    if (rnd() < 0.6) {
      const sIsn = Math.floor(rnd() * 0xffffffff);
      const srv: TcpPacketSpec = {
        ipVersion: cli.ipVersion, src: dst, dst: src, srcPort: dstPort, dstPort: srcPort, ttl: pick([64, 128, 255, 57]), df: rnd() < 0.7, ipId: 0,
      };
      const sLayout = pick(LAYOUTS);
      const sMss = pick([1460, 1440, 1400, mss]);
      push({ ...srv, seq: sIsn, ack: isn + 1, flags: TcpFlag.syn | TcpFlag.ack, window: pick([sMss * 20, 28960, 65535, 8192, 14480]), options: sLayout(sMss, 12345678, pick([0, 7, 8])) });
      if (dstPort === 80 && rnd() < 0.8) {
        push({ ...cli, seq: isn + 1, ack: sIsn + 1, flags: TcpFlag.ack, window: 501 });
        const ua = pick(USER_AGENTS);
        const req = `GET /${i} HTTP/1.1\r\nHost: example.test\r\nUser-Agent: ${ua}\r\nAccept: */*\r\n` + (rnd() < 0.5 ? 'Accept-Language: de-DE,de;q=0.9\r\n' : '') + '\r\n';
        push({ ...cli, seq: isn + 1, ack: sIsn + 1, flags: TcpFlag.ack | TcpFlag.psh, window: 501, payload: req });
        // No Date header: p0f 3.09b parses it with an uninitialised tm_isdst (non-deterministic).
        const server = pick(['nginx/1.22.1', 'Apache/2.4.57 (Debian)', 'lighttpd/1.4.69']);
        const resp = `HTTP/1.1 200 OK\r\nServer: ${server}\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n`;
        push({ ...srv, seq: sIsn + 1, ack: isn + 1 + req.length, flags: TcpFlag.ack | TcpFlag.psh, window: 509, payload: resp });
      }
    }
  }
  return records;
}

export function buildSyntheticCapture(options: SyntheticOptions): Uint8Array {
  return writePcap(LinkType.ethernet, buildSyntheticRecords(options));
}
