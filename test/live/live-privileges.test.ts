/**
 * `-u USER`: after opening the capture, the log and the API socket, p0f-ts (both the main
 * process and its capture process) runs as the user, chrooted to its home, and keeps
 * working. Checked on the real processes (/proc) and against the real p0f's output.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipv4Query, queryOnce } from '../runtime/api/api-client.js';
import { closeServer, p0fTsCommand, readLines, REAL_P0F, startEchoServer, tcpExchange, waitFor } from './live-harness.js';

const USER = `p0fts${process.pid % 100000}`;
const PORT = 47000 + (process.pid % 1000);

let dir: string;
let home: string;
let uid = 0;
let gid = 0;
let ours: ChildProcess;
let oursOut = '';
let oursExit: Promise<number | null>;

function cli(args: string[]): ChildProcess {
  const command = p0fTsCommand(args);
  return spawn(command.command, command.args, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function ids(pid: number): { uid: number[]; gid: number[] } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
  const numbers = (key: string): number[] => (new RegExp(`^${key}:\\s+(.*)$`, 'm').exec(status)?.[1] ?? '').split(/\s+/).map(Number);
  return { uid: numbers('Uid'), gid: numbers('Gid') };
}

function childrenOf(pid: number): number[] {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
  return text === '' ? [] : text.split(/\s+/).map(Number);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-privs-'));
  home = path.join(dir, 'home');
  fs.mkdirSync(home, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  execFileSync('useradd', ['-r', '-d', home, '-M', '-s', '/usr/sbin/nologin', USER]);
  uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
  gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim());

  ours = cli(['-u', USER, '-i', 'lo', '-o', path.join(dir, 'ours.log'), '-s', path.join(dir, 'ours.sock'), `port ${PORT}`]);
  ours.stdout?.on('data', (c: Buffer) => {
    oursOut += c.toString('latin1');
  });
  ours.stderr?.on('data', (c: Buffer) => {
    oursOut += c.toString('latin1');
  });
  oursExit = new Promise((resolve) => ours.once('exit', (code) => resolve(code)));
  await waitFor('p0f-ts main loop', () => oursOut.includes('[+] Entered main event loop.') || oursOut.includes('[-]'), 60_000);
}, 90_000);

afterAll(async () => {
  if (ours.exitCode === null) ours.kill('SIGINT');
  await oursExit;
  spawnSync('userdel', [USER]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('-u privilege drop', () => {
  it("prints p0f's line, as the real p0f does for the same user", () => {
    expect(oursOut).toContain(`[+] Privileges dropped: uid ${uid}, gid ${gid}, root '${home}'.\n`);
    const real = spawn(REAL_P0F, ['-u', USER, '-i', 'lo', '-o', path.join(dir, 'real.log'), `port ${PORT + 1}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let realOut = '';
    real.stdout?.on('data', (c: Buffer) => {
      realOut += c.toString('latin1');
    });
    return waitFor('the real p0f to drop privileges', () => realOut.includes('Entered main event loop')).finally(() => real.kill('SIGINT')).then(() => {
      const line = (text: string): string | undefined => text.split('\n').find((l) => l.startsWith('[+] Privileges dropped'));
      expect(line(oursOut)).toBe(line(realOut));
    });
  });

  it('runs the main and the capture process as the user, chrooted to its home', () => {
    const pid = ours.pid as number;
    expect(ids(pid)).toEqual({ uid: [uid, uid, uid, uid], gid: [gid, gid, gid, gid] });
    expect(fs.readlinkSync(`/proc/${pid}/root`)).toBe(home);
    const workers = childrenOf(pid);
    expect(workers.length).toBe(1);
    expect(ids(workers[0]).uid).toEqual([uid, uid, uid, uid]);
    expect(fs.readlinkSync(`/proc/${workers[0]}/root`)).toBe(home);
  });

  it('keeps the log created before the drop (root-owned, 0600) and keeps writing and answering', async () => {
    const log = path.join(dir, 'ours.log');
    const stat = fs.statSync(log);
    expect(stat.uid).toBe(0);
    expect(stat.mode & 0o777).toBe(0o600);
    const server = await startEchoServer('127.0.0.1', PORT);
    try {
      await tcpExchange('127.0.0.1', PORT);
    } finally {
      await closeServer(server);
    }
    await waitFor('the SYN in the log', () => readLines(log).some((l) => l.includes('mod=syn|cli=127.0.0.1/')));
    const answer = await queryOnce(path.join(dir, 'ours.sock'), ipv4Query('127.0.0.1'));
    expect(answer.status).toBe(0x10);
  });

  it('with -r too: drops privileges as the real p0f does, then reads the whole capture into the same log', () => {
    const sample = fileURLToPath(new URL('../../signatures/sample.pcap', import.meta.url));
    const env = { ...process.env, TZ: 'UTC' };
    const theirsLog = path.join(dir, 'real-r.log');
    const oursLog = path.join(dir, 'ours-r.log');
    const real = spawnSync(REAL_P0F, ['-u', USER, '-r', sample, '-o', theirsLog], { encoding: 'latin1', env });
    const command = p0fTsCommand(['-u', USER, '-r', sample, '-o', oursLog]);
    const mine = spawnSync(command.command, command.args, { cwd: command.cwd, encoding: 'latin1', env });
    expect(real.status).toBe(0);
    expect(mine.stderr).toBe('');
    expect(mine.status).toBe(0);
    // From the privilege line on: the drop, the events and `All done`.
    const fromDrop = (text: string): string => text.slice(text.indexOf('[+] Privileges dropped'));
    expect(fromDrop(real.stdout)).toContain(`[+] Privileges dropped: uid ${uid}, gid ${gid}, root '${home}'.`);
    expect(fromDrop(mine.stdout)).toBe(fromDrop(real.stdout));
    expect(fs.readFileSync(oursLog, 'latin1')).toBe(fs.readFileSync(theirsLog, 'latin1'));
  });

  it('refuses unknown users and unusable homes with the real p0f messages', async () => {
    for (const user of ['p0fts-no-such-user', 'nobody']) {
      const child = cli(['-u', user, '-i', 'lo', `port ${PORT}`]);
      let err = '';
      child.stderr?.on('data', (c: Buffer) => {
        err += c.toString('latin1');
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      const real = spawnSync(REAL_P0F, ['-u', user, '-i', 'lo', `port ${PORT}`], { encoding: 'latin1' });
      expect(code).toBe(1);
      expect(real.status).toBe(1);
      expect(err).toBe(real.stderr);
    }
  });
});
