import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../../runtime/api/api-server.js';
import type { ApiHostView } from '../../../runtime/api/api-wire.js';
import { connectApi, ipv4Query, ipv6Query, queryOnce, readResponses } from './api-client.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

const LINUX: ApiHostView = {
  firstSeen: 1700000000,
  lastSeen: 1700000100,
  totalConnections: 3,
  uptimeMinutes: 66,
  upModDays: 198,
  lastNat: 0,
  lastChange: 1700000050,
  distance: 4,
  badSoftware: 1,
  osMatchQuality: 2,
  osName: 'Linux',
  osFlavor: '3.11 and newer',
  httpName: 'Firefox',
  httpFlavor: '10.x or newer',
  linkType: 'Ethernet or modem',
  language: 'English',
};
const V6_ADDRESS = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

function lookup(ipVersion: 4 | 6, address: Uint8Array): ApiHostView | null {
  const key = `${ipVersion}:${Array.from(address).join('.')}`;
  if (key === '4:192.0.2.7') return LINUX;
  if (key === '4:192.0.2.8') return { ...LINUX, distance: 255, osName: null, osFlavor: null, uptimeMinutes: 0, upModDays: 0 };
  if (key === `6:${V6_ADDRESS.join('.')}`) return { ...LINUX, osName: 'Windows', osFlavor: '7 or 8' };
  return null;
}

let dir: string;
let socketPath: string;
let server: ApiServer | null;
let warnings: string[];

async function start(options: { maxClients?: number; mode?: number; idleTimeoutMs?: number } = {}): Promise<ApiServer> {
  const started = await startApiServer({ path: socketPath, lookup, warn: (m) => warnings.push(m), ...options });
  if (!started.ok) throw new Error(started.error.message);
  server = started.server;
  return started.server;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-api-'));
  socketPath = path.join(dir, 'p0f.sock');
  server = null;
  warnings = [];
});

afterEach(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('API server with real clients', () => {
  it('answers the haraka-plugin-p0f client (a real p0f API client) for known and unknown hosts', async () => {
    await start();
    const { P0FClient } = require('haraka-plugin-p0f') as {
      P0FClient: new (path: string) => {
        query(ip: string, cb: (err: Error | null, result: Record<string, unknown> | null) => void): void;
        shutdown(): void;
        sock: net.Socket;
      };
    };
    const client = new P0FClient(socketPath);
    const ask = (ip: string): Promise<Record<string, unknown> | null> =>
      new Promise((resolve, reject) => client.query(ip, (err, result) => (err ? reject(err) : resolve(result))));
    try {
      const known = await ask('192.0.2.7');
      expect(known).toEqual({
        query: '192.0.2.7',
        first_seen: 1700000000,
        last_seen: 1700000100,
        total_conn: 3,
        uptime_min: 66,
        up_mod_days: 198,
        last_nat: 0,
        last_chg: 1700000050,
        distance: 4,
        bad_sw: 1,
        os_match_q: 2,
        os_name: 'Linux',
        os_flavor: '3.11 and newer',
        http_name: 'Firefox',
        http_flavor: '10.x or newer',
        link_type: 'Ethernet or modem',
        language: 'English',
      });
      expect(await ask('2001:db8::1')).toMatchObject({ os_name: 'Windows', os_flavor: '7 or 8' });
      expect(await ask('192.0.2.8')).toMatchObject({ distance: 255, os_name: '' });
      expect(await ask('198.51.100.1')).toBeNull();
    } finally {
      client.shutdown();
      client.sock.destroy();
    }
  });

  it('gives a client that reads exactly once all 232 bytes in that read', async () => {
    await start();
    const script = [
      'import socket, struct, sys',
      's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
      's.connect(sys.argv[1])',
      "s.sendall(struct.pack('<IB16s', 0x50304601, 4, bytes([192, 0, 2, 7]) + bytes(12)))",
      'data = s.recv(232)',
      "print(len(data), hex(struct.unpack_from('<I', data, 4)[0]), data[40:45].decode())",
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, socketPath]);
    expect(stdout.trim()).toBe('232 0x10 Linux');
  });

  it('treats everything from a client that always sends address type 4 as IPv4 (first 4 bytes)', async () => {
    await start();
    const socket = await connectApi(socketPath);
    try {
      const asV4 = ipv6Query([192, 0, 2, 7, ...new Array<number>(12).fill(0x55)]);
      asV4[4] = 4;
      const v6AsV4 = ipv6Query(V6_ADDRESS);
      v6AsV4[4] = 4;
      const pending = readResponses(socket, 2);
      socket.write(Buffer.concat([asV4, v6AsV4]));
      const { responses } = await pending;
      expect(responses[0].status).toBe(0x10);
      expect(responses[0].osName).toBe('Linux');
      // 32.1.13.184 is not a host we know: no match, not a bad query.
      expect(responses[1].status).toBe(0x20);
      expect(warnings).toEqual([]);
    } finally {
      socket.destroy();
    }
  });

  it('answers pipelined and byte-by-byte split queries in query order, one 232-byte answer each', async () => {
    await start();
    const socket = await connectApi(socketPath);
    try {
      const order = ['192.0.2.7', '198.51.100.1', '192.0.2.8', '192.0.2.7', '203.0.113.9'];
      const pending = readResponses(socket, order.length + 1);
      socket.write(Buffer.concat(order.map(ipv4Query)));
      const split = ipv6Query(V6_ADDRESS);
      for (const byte of split) {
        socket.write(Uint8Array.of(byte));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const { responses } = await pending;
      expect(responses.map((r) => r.status)).toEqual([0x10, 0x20, 0x10, 0x10, 0x20, 0x10]);
      expect(responses.map((r) => r.osName)).toEqual(['Linux', '', '', 'Linux', '', 'Windows']);
      expect(responses.every((r) => r.magic === 0x50304602)).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('answers bad magic and unknown address types with a full bad-query response and p0f warnings', async () => {
    await start();
    const badMagic = ipv4Query('192.0.2.7');
    badMagic.set([0x50, 0x30, 0x46, 0x01], 0);
    const badType = ipv4Query('192.0.2.7');
    badType[4] = 5;
    const first = await queryOnce(socketPath, badMagic);
    const second = await queryOnce(socketPath, badType);
    for (const response of [first, second]) {
      expect(response.magic).toBe(0x50304602);
      expect(response.status).toBe(0);
      expect(response.firstSeen).toBe(0);
    }
    expect(warnings).toEqual(['Query with bad magic (0x1463050).', 'Query with unknown address type 5.\n']);
  });

  it('answers everything a client pipelined before half-closing, then hangs up', async () => {
    await start();
    const socket = await connectApi(socketPath);
    const pending = readResponses(socket, 50);
    const ended = new Promise<void>((resolve) => socket.once('end', resolve));
    socket.end(Buffer.concat(new Array(50).fill(0).map(() => ipv4Query('192.0.2.7'))));
    const { responses } = await pending;
    expect(responses).toHaveLength(50);
    await ended;
  });
});

describe('misbehaving clients', () => {
  it('serves a polite client while another pipelines thousands of queries and never reads', async () => {
    const api = await start();
    const hog = await connectApi(socketPath);
    const polite = await connectApi(socketPath);
    try {
      hog.pause();
      hog.write(Buffer.concat(new Array(20_000).fill(0).map(() => ipv4Query('192.0.2.7'))));
      await waitFor(() => api.stats().answered > 100);
      const answer = readResponses(polite, 1);
      polite.write(ipv4Query('192.0.2.7'));
      expect((await answer).responses[0].osName).toBe('Linux');
      // The hog's answers are held back by its own unread socket, not by the server.
      expect(api.stats().answered).toBeLessThan(20_000);
    } finally {
      hog.destroy();
      polite.destroy();
    }
  });

  it('answers all of a pipelining client that stops reading until the server is stuck on it, then reads again', async () => {
    const api = await start();
    const client = await connectApi(socketPath);
    try {
      const count = 20_000;
      client.pause();
      client.write(Buffer.concat(new Array(count).fill(0).map(() => ipv4Query('192.0.2.7'))));
      // Until the socket is full, the server answers on; then it must wait for this client.
      let last = -1;
      await waitFor(() => {
        const answered = api.stats().answered;
        const stuck = answered > 0 && answered === last;
        last = answered;
        return stuck;
      });
      expect(api.stats().answered).toBeLessThan(count);
      const pending = readResponses(client, count);
      client.resume();
      const { responses } = await pending;
      expect(responses.every((r) => r.status === 0x10 && r.osName === 'Linux')).toBe(true);
      expect(api.stats().answered).toBe(count);
    } finally {
      client.destroy();
    }
  });

  it('answers a garbage sender with bad-query responses without flooding the warnings', async () => {
    const api = await start();
    const junk = await connectApi(socketPath);
    try {
      const count = 500;
      const started = Date.now();
      const pending = readResponses(junk, count);
      junk.write(Buffer.alloc(21 * count, 0xab));
      const { responses } = await pending;
      expect(responses.every((r) => r.status === 0 && r.magic === 0x50304602)).toBe(true);
      expect(api.stats().badQueries).toBe(count);
      // At most 20 warnings and one summary per wall-clock second the burst touched.
      const seconds = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1;
      expect(warnings.length).toBeLessThanOrEqual(21 * seconds);
      expect(warnings.length).toBeLessThan(count);
      expect(warnings[0]).toBe('Query with bad magic (0xabababab).');
    } finally {
      junk.destroy();
    }
  });
});

describe('API connection limit (-S)', () => {
  it('parks the connection over the limit until a slot frees, warning once per burst', async () => {
    const api = await start({ maxClients: 2, idleTimeoutMs: 60_000 });
    const a = await connectApi(socketPath);
    const b = await connectApi(socketPath);
    const c = await connectApi(socketPath);
    const d = await connectApi(socketPath);
    try {
      // a and b are served.
      const aAnswer = readResponses(a, 1);
      a.write(ipv4Query('192.0.2.7'));
      expect((await aAnswer).responses[0].status).toBe(0x10);
      // c and d wait: their queries sit unread while a and b hold both slots.
      const cAnswer = readResponses(c, 1);
      c.write(ipv4Query('192.0.2.7'));
      d.write(ipv4Query('192.0.2.7'));
      await waitFor(() => api.stats().parked === 2);
      expect(api.stats()).toMatchObject({ active: 2, parked: 2 });
      expect(warnings).toEqual(['Too many API connections (use -S to adjust).\n']);
      a.destroy();
      // c gets a's slot and its pending query is answered.
      expect((await cAnswer).responses[0].osName).toBe('Linux');
      expect(api.stats()).toMatchObject({ active: 2, parked: 1 });
      const dAnswer = readResponses(d, 1);
      b.destroy();
      expect((await dAnswer).responses[0].status).toBe(0x10);
      await waitFor(() => api.stats().parked === 0);
      // A new burst warns again, once.
      const e = await connectApi(socketPath);
      await waitFor(() => api.stats().parked === 1);
      expect(warnings).toHaveLength(2);
      e.destroy();
    } finally {
      for (const s of [a, b, c, d]) s.destroy();
    }
  });

  it('closes an idle client while others wait, so half-open clients cannot hold every slot', async () => {
    const api = await start({ maxClients: 1, idleTimeoutMs: 100 });
    const idle = await connectApi(socketPath);
    idle.write(ipv4Query('192.0.2.7').subarray(0, 7));
    const closed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    const waiting = await connectApi(socketPath);
    try {
      const answer = readResponses(waiting, 1);
      waiting.write(ipv4Query('192.0.2.7'));
      await closed;
      expect((await answer).responses[0].status).toBe(0x10);
      expect(api.stats().active).toBe(1);
    } finally {
      idle.destroy();
      waiting.destroy();
    }
  });

  it('rejects -S outside 1..100 with p0f wording', async () => {
    const started = await startApiServer({ path: socketPath, maxClients: 101, lookup, warn: () => undefined });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toBe('Outlandish value specified for -S.');
  });
});

describe('API socket file', () => {
  it('is created with mode 0666 by default and removed on close', async () => {
    const api = await start();
    const stat = fs.lstatSync(socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o666);
    await api.close();
    server = null;
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('honours a configured mode', async () => {
    await start({ mode: 0o600 });
    expect(fs.lstatSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it('replaces a stale socket file nobody listens on', async () => {
    // A listener that is closed without unlinking leaves a dead socket behind.
    const { stdout } = await run('python3', [
      '-c',
      'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); print("ok")',
      socketPath,
    ]);
    expect(stdout.trim()).toBe('ok');
    expect(fs.lstatSync(socketPath).isSocket()).toBe(true);
    await start();
    expect((await queryOnce(socketPath, ipv4Query('192.0.2.7'))).status).toBe(0x10);
  });

  it('refuses a socket another process is listening on', async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(socketPath, resolve));
    try {
      const started = await startApiServer({ path: socketPath, lookup, warn: () => undefined });
      expect(started.ok).toBe(false);
      if (!started.ok) expect(started.error.kind).toBe('in-use');
      expect(fs.lstatSync(socketPath).isSocket()).toBe(true);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it("refuses a path that exists but is not a socket, with p0f's message, and leaves it alone", async () => {
    fs.writeFileSync(socketPath, 'precious');
    const started = await startApiServer({ path: socketPath, lookup, warn: () => undefined });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toBe(`'${socketPath}' exists but is not a socket.`);
    expect(fs.readFileSync(socketPath, 'utf8')).toBe('precious');
  });

  it('refuses a path too long for sockaddr_un', async () => {
    const started = await startApiServer({ path: path.join(dir, 'x'.repeat(120)), lookup, warn: () => undefined });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toBe('API socket filename is too long for sockaddr_un (blame Unix).');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}
