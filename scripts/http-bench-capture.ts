/**
 * The HTTP-heavy capture of `npm run bench`: N complete connections, each a three-way
 * handshake, one HTTP/1.1 GET and one response (5 packets, every one of them in sequence so
 * that p0f fingerprints both messages). Clients and servers come from a handful of realistic
 * profiles (TCP stack, header order, User-Agent, Accept, Accept-Language; Server and friends
 * on the response). Responses carry no `Date` header: p0f 3.09b parses it
 * non-deterministically, and the bench compares the two programs' logs.
 *
 * Packets are built once per (client profile, language, path, server) combination with the
 * packet builder; addresses, ports and sequence numbers are patched in per connection
 * (checksums are left stale, as in the SYN-heavy capture: neither program checks them).
 * Deterministic: the same arguments give the same bytes.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { LinkType, writePcap, type PcapWriteRecord } from '../runtime/capture/pcap-writer.js';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet, type TcpOptionSpec } from '../runtime/synth/packet-builder.js';

/** Packets per connection: SYN, SYN+ACK, ACK, request, response. */
export const HTTP_BENCH_PACKETS_PER_CONNECTION = 5;

const CLIENT_ADDRESSES = 20_000;
const SERVER_ADDRESSES = 64;
const BASE_SECONDS = 1700000000;
/** A new connection every 2 ms; packet offsets inside one connection (microseconds). */
const CONNECTION_SPACING_US = 2000;
const PACKET_OFFSETS_US = [0, 300, 600, 700, 1500] as const;

interface TcpStack {
  readonly ttl: number;
  readonly df: boolean;
  readonly window: number;
  readonly options: readonly TcpOptionSpec[];
  /** Window on the non-SYN packets (already scaled). */
  readonly dataWindow: number;
  /** Whether the stack sends timestamps (then the later packets carry NOP,NOP,TS). */
  readonly timestamps: boolean;
}

interface ClientProfile {
  readonly stack: TcpStack;
  /** Header lines after the request line; `{host}` and `{lang}` are replaced; a line containing `{lang}` is dropped when the profile sends no language. */
  readonly headers: readonly string[];
  readonly sendsLanguage: boolean;
}

interface ServerProfile {
  readonly stack: TcpStack;
  readonly host: string;
  readonly status: readonly string[];
  readonly headers: readonly string[];
}

const linuxClient: TcpStack = {
  ttl: 64, df: true, window: 64240, dataWindow: 502, timestamps: true,
  options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(1000000, 0), tcpOpt.nop(), tcpOpt.ws(7)],
};
const windowsClient: TcpStack = {
  ttl: 128, df: true, window: 64240, dataWindow: 1026, timestamps: false,
  options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.ws(8), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok()],
};
const appleClient: TcpStack = {
  ttl: 64, df: true, window: 65535, dataWindow: 2058, timestamps: true,
  options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.ws(6), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(2000000, 0), tcpOpt.sok(), tcpOpt.eol(), tcpOpt.eol()],
};
const androidClient: TcpStack = {
  ttl: 64, df: true, window: 65535, dataWindow: 343, timestamps: true,
  options: [tcpOpt.mss(1400), tcpOpt.sok(), tcpOpt.ts(3000000, 0), tcpOpt.nop(), tcpOpt.ws(9)],
};

const CLIENTS: readonly ClientProfile[] = [
  {
    stack: linuxClient, sendsLanguage: true,
    headers: [
      'Host: {host}',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
      'Accept-Language: {lang}',
      'Accept-Encoding: gzip, deflate',
      'Connection: keep-alive',
      'Upgrade-Insecure-Requests: 1',
    ],
  },
  {
    stack: windowsClient, sendsLanguage: true,
    headers: [
      'Host: {host}',
      'Connection: keep-alive',
      'Upgrade-Insecure-Requests: 1',
      'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
      'Accept-Encoding: gzip, deflate',
      'Accept-Language: {lang}',
    ],
  },
  {
    stack: windowsClient, sendsLanguage: true,
    headers: [
      'Host: {host}',
      'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0',
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
      'Accept-Language: {lang}',
      'Accept-Encoding: gzip, deflate',
      'DNT: 1',
      'Connection: keep-alive',
      'Upgrade-Insecure-Requests: 1',
    ],
  },
  {
    stack: windowsClient, sendsLanguage: true,
    headers: [
      'Accept: text/html, application/xhtml+xml, */*',
      'Accept-Language: {lang}',
      'User-Agent: Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
      'Accept-Encoding: gzip, deflate',
      'Host: {host}',
      'Connection: Keep-Alive',
    ],
  },
  {
    stack: appleClient, sendsLanguage: true,
    headers: [
      'Host: {host}',
      'Accept-Encoding: gzip, deflate',
      'Connection: keep-alive',
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      'Accept-Language: {lang}',
    ],
  },
  {
    stack: appleClient, sendsLanguage: true,
    headers: [
      'Host: {host}',
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'Accept-Language: {lang}',
      'Connection: keep-alive',
      'Accept-Encoding: gzip, deflate',
      'User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1',
    ],
  },
  {
    stack: androidClient, sendsLanguage: true,
    headers: [
      'Host: {host}',
      'Connection: keep-alive',
      'Upgrade-Insecure-Requests: 1',
      'User-Agent: Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
      'Accept-Encoding: gzip, deflate',
      'Accept-Language: {lang}',
    ],
  },
  {
    stack: linuxClient, sendsLanguage: false,
    headers: ['Host: {host}', 'User-Agent: curl/8.5.0', 'Accept: */*'],
  },
  {
    stack: linuxClient, sendsLanguage: false,
    headers: ['User-Agent: Wget/1.21.4', 'Accept: */*', 'Accept-Encoding: identity', 'Host: {host}', 'Connection: Keep-Alive'],
  },
  {
    stack: linuxClient, sendsLanguage: false,
    headers: [
      'Host: {host}',
      'Connection: keep-alive',
      'Accept: */*',
      'From: googlebot(at)googlebot.com',
      'User-Agent: Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Accept-Encoding: gzip,deflate,br',
    ],
  },
];

const LANGUAGES = [
  'en-US,en;q=0.9',
  'en-GB,en;q=0.5',
  'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7',
  'fr-FR,fr;q=0.8,en-US;q=0.5,en;q=0.3',
  'pl,en-US;q=0.7,en;q=0.3',
  'ja,en-US;q=0.9,en;q=0.8',
  'es-ES,es;q=0.9',
  'pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7',
] as const;

const PATHS = ['/', '/index.html', '/news/2023/11/14/article-1234.html', '/static/css/site.css?v=3', '/images/logo.png', '/favicon.ico'] as const;

const linuxServer: TcpStack = {
  ttl: 64, df: true, window: 65160, dataWindow: 509, timestamps: true,
  options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(5000000, 1000000), tcpOpt.nop(), tcpOpt.ws(7)],
};
const windowsServer: TcpStack = {
  ttl: 128, df: true, window: 8192, dataWindow: 8212, timestamps: false,
  options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.ws(8), tcpOpt.sok()],
};
const freebsdServer: TcpStack = {
  ttl: 64, df: true, window: 65535, dataWindow: 1040, timestamps: true,
  options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.ws(6), tcpOpt.sok(), tcpOpt.ts(7000000, 1000000)],
};

const SERVERS: readonly ServerProfile[] = [
  {
    stack: linuxServer, host: 'www.example.com', status: ['200 OK', '304 Not Modified', '404 Not Found'],
    headers: [
      'Server: Apache/2.4.57 (Debian)',
      'Last-Modified: Mon, 13 Nov 2023 10:00:00 GMT',
      'ETag: "2aa6-60a0d4b4c1f2a"',
      'Accept-Ranges: bytes',
      'Content-Length: 10918',
      'Vary: Accept-Encoding',
      'Keep-Alive: timeout=5, max=100',
      'Connection: Keep-Alive',
      'Content-Type: text/html',
    ],
  },
  {
    stack: linuxServer, host: 'static.example.net', status: ['200 OK', '304 Not Modified'],
    headers: [
      'Server: nginx/1.24.0',
      'Content-Type: text/html; charset=utf-8',
      'Content-Length: 5127',
      'Last-Modified: Tue, 14 Nov 2023 08:30:00 GMT',
      'Connection: keep-alive',
      'ETag: "65533058-1407"',
      'Accept-Ranges: bytes',
    ],
  },
  {
    stack: windowsServer, host: 'intranet.example.org', status: ['200 OK', '404 Not Found'],
    headers: [
      'Content-Type: text/html',
      'Last-Modified: Fri, 10 Nov 2023 16:20:00 GMT',
      'Accept-Ranges: bytes',
      'ETag: "80c3d2f0b1dda1:0"',
      'Server: Microsoft-IIS/10.0',
      'X-Powered-By: ASP.NET',
      'Content-Length: 703',
    ],
  },
  {
    stack: freebsdServer, host: 'files.example.org', status: ['200 OK'],
    headers: [
      'Content-Type: text/html',
      'Accept-Ranges: bytes',
      'ETag: "3261406813"',
      'Last-Modified: Wed, 01 Nov 2023 12:00:00 GMT',
      'Content-Length: 2310',
      'Server: lighttpd/1.4.73',
    ],
  },
  {
    stack: linuxServer, host: 'shop.example.com', status: ['200 OK', '301 Moved Permanently'],
    headers: [
      'Content-Type: text/html; charset=UTF-8',
      'Transfer-Encoding: chunked',
      'Connection: keep-alive',
      'Cache-Control: private, no-cache',
      'X-Frame-Options: SAMEORIGIN',
      'X-Content-Type-Options: nosniff',
      'Server: cloudflare',
      'CF-RAY: 8270a1b2c3d4e5f6-FRA',
    ],
  },
];

const CLIENT_PORT_OFFSET = 34;

/** One connection's five frames for a combination, with their sequence-number roles. */
interface ConnectionTemplate {
  readonly frames: readonly Uint8Array[];
  readonly requestLength: number;
}

function buildTemplate(client: ClientProfile, language: string, path: string, server: ServerProfile, status: string): ConnectionTemplate {
  const request =
    `GET ${path} HTTP/1.1\r\n` +
    client.headers
      .filter((line) => client.sendsLanguage || !line.includes('{lang}'))
      .map((line) => `${line.replace('{host}', server.host).replace('{lang}', language)}\r\n`)
      .join('') +
    '\r\n';
  const response = `HTTP/1.1 ${status}\r\n${server.headers.map((line) => `${line}\r\n`).join('')}\r\n`;
  const both = client.stack.timestamps && server.stack.timestamps;
  const cliOpts = both ? [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(1000010, 5000000)] : [];
  const srvOpts = both ? [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(5000010, 1000010)] : [];
  const cli = { src: '10.0.0.1', dst: '192.168.0.1', srcPort: 1024, dstPort: 80, ttl: client.stack.ttl, df: client.stack.df };
  const srv = { src: '192.168.0.1', dst: '10.0.0.1', srcPort: 80, dstPort: 1024, ttl: server.stack.ttl, df: server.stack.df, ipId: 0 };
  const frames = [
    buildTcpPacket({ ...cli, ipId: 0x1000, flags: TcpFlag.syn, window: client.stack.window, options: client.stack.options }),
    buildTcpPacket({ ...srv, flags: TcpFlag.syn | TcpFlag.ack, window: server.stack.window, options: server.stack.options }),
    buildTcpPacket({ ...cli, ipId: 0x1001, flags: TcpFlag.ack, window: client.stack.dataWindow, options: cliOpts }),
    buildTcpPacket({ ...cli, ipId: 0x1002, flags: TcpFlag.ack | TcpFlag.psh, window: client.stack.dataWindow, options: cliOpts, payload: request }),
    buildTcpPacket({ ...srv, flags: TcpFlag.ack | TcpFlag.psh, window: server.stack.dataWindow, options: srvOpts, payload: response }),
  ].map((ip) => wrapEthernet(ip));
  return { frames, requestLength: request.length };
}

/**
 * Writes the capture to `path` (through a temporary file, so an interrupted run leaves no
 * half-written capture behind) and returns the number of packets written.
 */
export function writeHttpBenchCapture(path: string, connections: number): number {
  const templates = new Map<number, ConnectionTemplate>();
  const maxStatus = Math.max(...SERVERS.map((s) => s.status.length));
  let state = 424242;
  const rand = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  const batch: PcapWriteRecord[] = [];
  let first = true;
  const flush = (): void => {
    const image = writePcap(LinkType.ethernet, batch);
    writeSync(fd, first ? image : image.subarray(24));
    first = false;
    batch.length = 0;
  };
  for (let c = 0; c < connections; c++) {
    // A client address keeps its profile and language; a server address keeps its software.
    const client = rand() % CLIENT_ADDRESSES;
    const server = rand() % SERVER_ADDRESSES;
    const ci = client % CLIENTS.length;
    const li = (client >> 4) % LANGUAGES.length;
    const si = server % SERVERS.length;
    const pi = rand() % PATHS.length;
    const ri = rand() % SERVERS[si].status.length;
    const key = (((ci * LANGUAGES.length + li) * PATHS.length + pi) * SERVERS.length + si) * maxStatus + ri;
    let template = templates.get(key);
    if (template === undefined) {
      template = buildTemplate(CLIENTS[ci], LANGUAGES[li], PATHS[pi], SERVERS[si], SERVERS[si].status[ri]);
      templates.set(key, template);
    }
    const port = 1024 + (rand() % 60000);
    const cIsn = rand();
    const sIsn = rand();
    // seq / ack of SYN, SYN+ACK, ACK, request, response.
    const seqs = [cIsn, sIsn, cIsn + 1, cIsn + 1, sIsn + 1];
    const acks = [0, cIsn + 1, sIsn + 1, sIsn + 1, cIsn + 1 + template.requestLength];
    const startUs = c * CONNECTION_SPACING_US;
    for (let k = 0; k < HTTP_BENCH_PACKETS_PER_CONNECTION; k++) {
      const frame = template.frames[k].slice();
      const fromServer = k === 1 || k === 4;
      // Client 10.a.b.c (one odd address per client), server 192.168.0.s; Ethernet + IPv4 without options.
      const cli = fromServer ? 30 : 26;
      const srv = fromServer ? 26 : 30;
      const address = client * 2 + 1;
      frame[cli + 1] = (address >> 16) & 0xff;
      frame[cli + 2] = (address >> 8) & 0xff;
      frame[cli + 3] = address & 0xff;
      frame[srv + 3] = server + 1;
      const dv = new DataView(frame.buffer);
      dv.setUint16(CLIENT_PORT_OFFSET + (fromServer ? 2 : 0), port);
      dv.setUint32(38, seqs[k] >>> 0);
      dv.setUint32(42, acks[k] >>> 0);
      const micros = startUs + PACKET_OFFSETS_US[k];
      batch.push({ seconds: BASE_SECONDS + Math.floor(micros / 1e6), microseconds: micros % 1e6, data: frame });
    }
    if (batch.length >= 20_000) flush();
  }
  if (batch.length > 0 || first) flush();
  closeSync(fd);
  renameSync(tmp, path);
  return connections * HTTP_BENCH_PACKETS_PER_CONNECTION;
}
