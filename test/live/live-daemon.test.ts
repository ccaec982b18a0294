/**
 * `-d`: the foreground process prints p0f's start-up and daemon lines and exits 0; a
 * detached daemon (own session, cwd `/`, stdin on /dev/null) keeps logging and answering
 * the API until SIGTERM, which removes its socket. Compared with the real p0f -d.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipv4Query, queryOnce } from '../runtime/api/api-client.js';
import { closeServer, p0fTsCommand, readLines, REAL_P0F, startEchoServer, tcpExchange, waitFor, waitForSocket, withoutTime } from './live-harness.js';

const PORT = 46000 + (process.pid % 1000);
const FILTER = `port ${PORT}`;

let dir: string;
let ourPid = 0;
let realPid = 0;
let ourStdout = '';
let ourStderr = '';
let ourCode: number | null = null;
let realStdout = '';

function alive(pid: number): boolean {
  return pid > 0 && fs.existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
}

function daemonPid(stdout: string): number {
  const m = /\[\+\] Daemon process created, PID (\d+) \(stderr kept as-is\)\.\n\nGood luck, you're on your own now!\n$/.exec(stdout);
  return m ? Number(m[1]) : 0;
}

/** Start-up lines with paths, PIDs and the descriptor count (it depends on the launcher) normalised. */
function normalised(stdout: string, log: string, sock: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('[+] Closed '))
    .map((l) => l.replace(log, 'LOG').replace(sock, 'SOCK').replace(/PID \d+/, 'PID N'));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-daemon-'));
  // The real daemon keeps stderr open (it is "kept as-is"), so wait for the foreground exit, not for EOF on stderr.
  const real = spawn(REAL_P0F, ['-d', '-i', 'lo', '-o', path.join(dir, 'real.log'), '-s', path.join(dir, 'real.sock'), FILTER], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, TZ: 'UTC' },
  });
  real.stdout?.on('data', (c: Buffer) => {
    realStdout += c.toString('latin1');
  });
  await new Promise<void>((resolve) => real.once('exit', () => resolve()));
  await waitFor('the real daemon line', () => daemonPid(realStdout) > 0, 10_000).catch(() => undefined);
  realPid = daemonPid(realStdout);

  const cli = p0fTsCommand(['-d', '-i', 'lo', '-o', path.join(dir, 'ours.log'), '-s', path.join(dir, 'ours.sock'), FILTER]);
  const child = spawn(cli.command, cli.args, {
    cwd: cli.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'UTC' },
  });
  child.stdout?.on('data', (c: Buffer) => {
    ourStdout += c.toString('latin1');
  });
  child.stderr?.on('data', (c: Buffer) => {
    ourStderr += c.toString('latin1');
  });
  ourCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The exit event can precede the last stdout chunk.
  await waitFor('the daemon line', () => daemonPid(ourStdout) > 0 || ourCode !== 0, 10_000).catch(() => undefined);
  ourPid = daemonPid(ourStdout);
}, 60_000);

afterAll(async () => {
  for (const pid of [ourPid, realPid]) if (alive(pid)) process.kill(pid, 'SIGTERM');
  await waitFor('daemons to exit', () => !alive(ourPid) && !alive(realPid)).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('-d daemon mode', () => {
  it('prints the same start-up and daemon lines as the real p0f and exits 0 in the foreground', () => {
    expect(ourCode).toBe(0);
    expect(realPid).toBeGreaterThan(0);
    expect(ourPid).toBeGreaterThan(0);
    expect(ourPid).not.toBe(process.pid);
    expect(normalised(ourStdout, path.join(dir, 'ours.log'), path.join(dir, 'ours.sock'))).toEqual(
      normalised(realStdout, path.join(dir, 'real.log'), path.join(dir, 'real.sock')),
    );
    expect(ourStderr).toBe('');
  });

  it('runs detached: its own session, cwd /, stdin on /dev/null', () => {
    expect(alive(ourPid)).toBe(true);
    const stat = fs.readFileSync(`/proc/${ourPid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[3] is the session id (field 6 of stat).
    expect(Number(fields[3])).toBe(ourPid);
    expect(fs.readlinkSync(`/proc/${ourPid}/cwd`)).toBe('/');
    expect(fs.readlinkSync(`/proc/${ourPid}/fd/0`)).toBe('/dev/null');
  });

  it('keeps logging and answering the API like the real p0f daemon', async () => {
    await waitForSocket(path.join(dir, 'ours.sock'));
    const server = await startEchoServer('127.0.0.1', PORT);
    try {
      await tcpExchange('127.0.0.1', PORT);
    } finally {
      await closeServer(server);
    }
    const syn = (f: string): boolean => readLines(path.join(dir, f)).some((l) => l.includes('mod=syn|'));
    await waitFor('both daemons to log the SYN', () => syn('ours.log') && syn('real.log'));
    const keep = (l: string): boolean => !l.includes('mod=uptime|');
    await waitFor('the same log lines', () => {
      const ours = readLines(path.join(dir, 'ours.log')).map(withoutTime).filter(keep);
      const real = readLines(path.join(dir, 'real.log')).map(withoutTime).filter(keep);
      return ours.length === real.length && ours.every((l, i) => l === real[i]);
    });
    const ours = await queryOnce(path.join(dir, 'ours.sock'), ipv4Query('127.0.0.1'));
    const real = await queryOnce(path.join(dir, 'real.sock'), ipv4Query('127.0.0.1'));
    expect(ours.status).toBe(0x10);
    expect({ ...ours, firstSeen: 0, lastSeen: 0, uptimeMinutes: 0, upModDays: 0 }).toEqual({ ...real, firstSeen: 0, lastSeen: 0, uptimeMinutes: 0, upModDays: 0 });
  });

  it('reports a start-up failure in the foreground and exits 1, as p0f -d does', async () => {
    const args = ['-d', '-i', 'p0fts-none1', '-o', path.join(dir, 'fail.log')];
    const real = spawnSync(REAL_P0F, args, { encoding: 'latin1' });
    const cli = p0fTsCommand(args);
    const child = spawn(cli.command, cli.args, { cwd: cli.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('latin1');
    });
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString('latin1');
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    expect(real.status).toBe(1);
    expect(code).toBe(1);
    expect(err).toBe(real.stderr);
    expect(out).not.toContain('Daemon process created');
    expect(out).toContain("[+] Intercepting traffic on interface 'p0fts-none1'.\n");
  });

  it('stops on SIGTERM and removes its API socket', async () => {
    const sock = path.join(dir, 'ours.sock');
    expect(fs.existsSync(sock)).toBe(true);
    process.kill(ourPid, 'SIGTERM');
    await waitFor('the daemon to exit', () => !alive(ourPid));
    expect(fs.existsSync(sock)).toBe(false);
  });
});
