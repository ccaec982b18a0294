/**
 * Two network namespaces joined by a veth pair, the client side with its own default TTL
 * and hop limit and both ends with a smaller MTU. p0f-ts (the CLI, as a process) and the
 * real p0f capture on the server-side veth; real curl requests cross it over IPv4 and
 * IPv6. Both must log the same events and answer the API the same way.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../runtime/api/api-wire.js';
import { ipv4Query, ipv6Query, queryOnce } from '../runtime/api/api-client.js';
import { field, p0fTsCommand, readLines, startRealP0f, waitFor, waitForSocket, withoutTime, type RealP0f } from './live-harness.js';

const tag = (process.pid % 10000).toString();
const NS_SERVER = `p0fts-srv${tag}`;
const NS_CLIENT = `p0fts-cli${tag}`;
const IF_SERVER = `p0vS${tag}`;
const IF_CLIENT = `p0vC${tag}`;
const CLIENT_TTL = 100;
const MTU = 1400;

let dir: string;
let real: RealP0f;
let ours: ChildProcess;
let oursExit: Promise<number | null>;
let oursOut = '';
let web: ChildProcess;

function sh(...args: string[]): void {
  execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}
function inNs(ns: string, ...args: string[]): void {
  sh('ip', 'netns', 'exec', ns, ...args);
}

function apiComparable(response: ApiResponse): Record<string, unknown> {
  // Times, and uptime derived from them, differ by design: whether an interval passes
  // p0f's 25 ms minimum depends on the packet times (docs/deviations.md).
  const { firstSeen, lastSeen, uptimeMinutes, upModDays, ...rest } = response;
  void firstSeen;
  void lastSeen;
  void uptimeMinutes;
  void upModDays;
  return rest;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-netns-'));
  sh('ip', 'netns', 'add', NS_SERVER);
  sh('ip', 'netns', 'add', NS_CLIENT);
  sh('ip', 'link', 'add', IF_SERVER, 'netns', NS_SERVER, 'type', 'veth', 'peer', 'name', IF_CLIENT, 'netns', NS_CLIENT);
  for (const [ns, link, v4, v6] of [
    [NS_SERVER, IF_SERVER, '10.252.0.1/24', 'fd00:252::1/64'],
    [NS_CLIENT, IF_CLIENT, '10.252.0.2/24', 'fd00:252::2/64'],
  ] as const) {
    inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
    inNs(ns, 'ip', 'link', 'set', link, 'mtu', String(MTU));
    inNs(ns, 'ip', 'addr', 'add', v4, 'dev', link);
    inNs(ns, 'ip', '-6', 'addr', 'add', v6, 'dev', link, 'nodad');
    inNs(ns, 'ip', 'link', 'set', link, 'up');
  }
  inNs(NS_CLIENT, 'sysctl', '-q', '-w', `net.ipv4.ip_default_ttl=${CLIENT_TTL}`);
  inNs(NS_CLIENT, 'sysctl', '-q', '-w', `net.ipv6.conf.all.hop_limit=${CLIENT_TTL}`);
  inNs(NS_CLIENT, 'sysctl', '-q', '-w', `net.ipv6.conf.${IF_CLIENT}.hop_limit=${CLIENT_TTL}`);

  // A real HTTP server on both address families in the server namespace.
  web = spawn('ip', ['netns', 'exec', NS_SERVER, 'python3', '-m', 'http.server', '--bind', '::', '8080', '--directory', dir], { stdio: 'ignore' });

  const realSock = path.join(dir, 'real.sock');
  const ourSock = path.join(dir, 'ours.sock');
  real = startRealP0f(['-i', IF_SERVER, '-o', path.join(dir, 'real.log'), '-s', realSock], { netns: NS_SERVER });
  const cli = p0fTsCommand(['-i', IF_SERVER, '-o', path.join(dir, 'ours.log'), '-s', ourSock]);
  ours = spawn('ip', ['netns', 'exec', NS_SERVER, cli.command, ...cli.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: cli.cwd,
    env: { ...process.env, TZ: 'UTC' },
  });
  ours.stdout?.on('data', (chunk: Buffer) => {
    oursOut += chunk.toString('latin1');
  });
  ours.stderr?.on('data', (chunk: Buffer) => {
    oursOut += chunk.toString('latin1');
  });
  oursExit = new Promise((resolve) => ours.once('exit', (code) => resolve(code)));
  await waitForSocket(realSock, 30_000);
  await waitForSocket(ourSock, 60_000);
  await waitFor('p0f-ts main loop', () => oursOut.includes('[+] Entered main event loop.'), 30_000);
  // The web server is up once a request from its own namespace (over lo, not captured) works.
  await waitFor(
    'the web server',
    () => spawnSync('ip', ['netns', 'exec', NS_SERVER, 'curl', '-s', '-o', '/dev/null', '-m', '1', 'http://127.0.0.1:8080/']).status === 0,
    30_000,
  );

  for (const url of ['http://10.252.0.1:8080/', 'http://[fd00:252::1]:8080/', 'http://10.252.0.1:8080/', 'http://[fd00:252::1]:8080/']) {
    inNs(NS_CLIENT, 'curl', '-s', '-g', '-o', '/dev/null', '-m', '5', url);
  }
  const syns = (file: string): number => readLines(path.join(dir, file)).filter((l) => l.includes('mod=syn|')).length;
  await waitFor('real p0f to log 4 SYNs', () => syns('real.log') >= 4);
  await waitFor('p0f-ts to log 4 SYNs', () => syns('ours.log') >= 4);
  await waitFor('both to log 4 HTTP responses', () =>
    ['real.log', 'ours.log'].every((f) => readLines(path.join(dir, f)).filter((l) => l.includes('mod=http response|')).length >= 4),
  );
}, 120_000);

afterAll(async () => {
  ours?.kill('SIGINT');
  real?.child.kill('SIGINT');
  web?.kill('SIGTERM');
  await Promise.all([oursExit, real?.exited]);
  spawnSync('ip', ['netns', 'del', NS_SERVER]);
  spawnSync('ip', ['netns', 'del', NS_CLIENT]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('veth between two namespaces (TTL 100, MTU 1400)', () => {
  it('logs the same events as the real p0f, including HTTP, over IPv4 and IPv6', () => {
    const keep = (line: string): boolean => !line.includes('mod=uptime|');
    const realLines = readLines(path.join(dir, 'real.log')).map(withoutTime).filter(keep);
    const ourLines = readLines(path.join(dir, 'ours.log')).map(withoutTime).filter(keep);
    expect(ourLines).toEqual(realLines);
  });

  it('sees the client TTL and the link MTU', () => {
    const lines = readLines(path.join(dir, 'ours.log'));
    const v4Syn = lines.find((l) => l.includes('mod=syn|cli=10.252.0.2/'));
    const v6Syn = lines.find((l) => l.includes('mod=syn|cli=fd00:252:0:0:0:0:0:2/'));
    expect(field(v4Syn ?? '', 'raw_sig')).toMatch(new RegExp(`^4:${CLIENT_TTL}\\+`));
    expect(field(v6Syn ?? '', 'raw_sig')).toMatch(new RegExp(`^6:${CLIENT_TTL}\\+`));
    // 128 - 100 hops as p0f guesses the initial TTL.
    expect(field(v4Syn ?? '', 'dist')).toBe('28');
    const mtu = lines.filter((l) => l.includes('mod=mtu|')).map((l) => field(l, 'raw_mtu'));
    expect(mtu).toContain(String(MTU));
  });

  it('answers the API like the real p0f for clients, servers and unknown hosts', async () => {
    const v6 = (last: number): number[] => [0xfd, 0, 0x02, 0x52, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last];
    const queries = [ipv4Query('10.252.0.2'), ipv4Query('10.252.0.1'), ipv6Query(v6(2)), ipv6Query(v6(1)), ipv4Query('10.252.0.9')];
    const answers: number[] = [];
    for (const query of queries) {
      const fromReal = await queryOnce(path.join(dir, 'real.sock'), query);
      const fromOurs = await queryOnce(path.join(dir, 'ours.sock'), query);
      expect(apiComparable(fromOurs)).toEqual(apiComparable(fromReal));
      answers.push(fromOurs.status);
    }
    expect(answers).toEqual([0x10, 0x10, 0x10, 0x10, 0x20]);
  });
});
