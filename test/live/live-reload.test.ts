/**
 * SIGHUP hot reload: a real signal makes live mode recompile the database; new tables are
 * used for new packets while host state survives; a broken database keeps the old tables.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLive } from '../../runtime/cli/live-mode.js';
import { parseP0fFlags, type P0fOptions } from '../../runtime/cli/p0f-flags.js';
import { ipv4Query, queryOnce } from '../runtime/api/api-client.js';
import { closeServer, field, memoryIo, p0fTsCommand, readLines, startEchoServer, tcpExchange, waitFor } from './live-harness.js';
import { matchersFromFile, STOCK_FP } from './live-matchers.js';

const PORT = 44000 + (process.pid % 1000);
let dir: string;
let fp: string;
let log: string;
let sock: string;
const io = memoryIo();
const stop = new AbortController();
let running: Promise<number>;

function options(argv: string[]): P0fOptions {
  const parsed = parseP0fFlags(argv);
  if (parsed.kind !== 'run') throw new Error(`unexpected flags result ${parsed.kind}`);
  return parsed.options;
}

function synLines(): string[] {
  return readLines(log).filter((l) => l.includes('mod=syn|'));
}

async function connectOnce(): Promise<string> {
  const before = synLines().length;
  const server = await startEchoServer('127.0.0.1', PORT);
  try {
    await tcpExchange('127.0.0.1', PORT);
  } finally {
    await closeServer(server);
  }
  await waitFor('the SYN in the log', () => synLines().length > before);
  return synLines()[before];
}

async function hangUp(expectInStdout: string | null, expectInStderr: string | null): Promise<void> {
  process.kill(process.pid, 'SIGHUP');
  if (expectInStdout !== null) await waitFor(`"${expectInStdout}" on stdout`, () => io.stdout.includes(expectInStdout));
  if (expectInStderr !== null) await waitFor(`"${expectInStderr}" on stderr`, () => io.stderr.includes(expectInStderr));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-reload-'));
  fp = path.join(dir, 'p0f.fp');
  log = path.join(dir, 'p0f.log');
  sock = path.join(dir, 'p0f.sock');
  fs.copyFileSync(STOCK_FP, fp);
  const first = matchersFromFile(fp);
  if (!first.ok) throw new Error(first.message);
  running = runLive(
    {
      options: options(['-f', fp, '-i', 'lo', '-o', log, '-s', sock, `port ${PORT}`]),
      matchers: first.set,
      loadMatchers: async () => matchersFromFile(fp),
      stopSignal: stop.signal,
    },
    io,
  );
  await waitFor('main loop', () => io.stdout.includes('[+] Entered main event loop.'));
});

afterAll(async () => {
  stop.abort();
  expect(await running).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SIGHUP reload', () => {
  it('swaps the tables for new packets and keeps host state', async () => {
    const before = await connectOnce();
    expect(field(before, 'os')).toBe('Linux 2.2.x-3.x');
    const hostBefore = await queryOnce(sock, ipv4Query('127.0.0.1'));
    expect(hostBefore.status).toBe(0x10);
    expect(hostBefore.osFlavor).toBe('2.2.x-3.x');

    fs.writeFileSync(fp, fs.readFileSync(fp, 'latin1').replaceAll('Linux:2.2.x-3.x', 'Linux:hot-reloaded'), 'latin1');
    await hangUp('[+] Reloaded 322 signatures', null);
    expect(readLines(log).some((l) => l.endsWith('mod=reload|status=ok|signatures=322'))).toBe(true);

    const after = await connectOnce();
    expect(field(after, 'os')).toBe('Linux hot-reloaded');
    const hostAfter = await queryOnce(sock, ipv4Query('127.0.0.1'));
    // Same host record: first seen unchanged, connections counted across the reload.
    expect(hostAfter.firstSeen).toBe(hostBefore.firstSeen);
    expect(hostAfter.totalConnections).toBeGreaterThan(hostBefore.totalConnections);
    expect(hostAfter.osName).toBe('Linux');
    expect(hostAfter.osFlavor).toBe('hot-reloaded');
  });

  it('reloads through the real CLI (p0f-ts -f FILE … then kill -HUP)', async () => {
    const cliFp = path.join(dir, 'cli.fp');
    const cliLog = path.join(dir, 'cli.log');
    const port = PORT + 500;
    fs.copyFileSync(STOCK_FP, cliFp);
    const cli = p0fTsCommand(['-f', cliFp, '-i', 'lo', '-o', cliLog, `port ${port}`]);
    const child = spawn(cli.command, cli.args, {
      cwd: cli.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('latin1');
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString('latin1');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('CLI main loop', () => out.includes('[+] Entered main event loop.'), 60_000);
      fs.writeFileSync(cliFp, fs.readFileSync(cliFp, 'latin1').replaceAll('Linux:2.2.x-3.x', 'Linux:cli-reloaded'), 'latin1');
      process.kill(child.pid as number, 'SIGHUP');
      await waitFor('the reload line', () => out.includes(`[+] Reloaded 322 signatures from '${cliFp}'`), 60_000).catch((error: unknown) => {
        throw new Error(`${String(error)}; the CLI printed:\n${out}`);
      });
      const server = await startEchoServer('127.0.0.1', port);
      try {
        await tcpExchange('127.0.0.1', port);
      } finally {
        await closeServer(server);
      }
      await waitFor('the SYN', () => readLines(cliLog).some((l) => l.includes('mod=syn|')));
      expect(field(readLines(cliLog).find((l) => l.includes('mod=syn|')) ?? '', 'os')).toBe('Linux cli-reloaded');
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    expect(child.exitCode).toBe(0);
  });

  it('keeps the old tables when the new database does not load, and says why on stderr and in the log', async () => {
    fs.appendFileSync(fp, '\n[tcp:request]\nlabel = s:unix:Broken:1\nsig   = this is not a signature\n');
    await hangUp(null, 'Signature reload failed, keeping the previous tables');
    await waitFor('the failure in the log', () => readLines(log).some((l) => l.includes('mod=reload|status=failed|')));
    const still = await connectOnce();
    expect(field(still, 'os')).toBe('Linux hot-reloaded');
    const host = await queryOnce(sock, ipv4Query('127.0.0.1'));
    expect(host.osFlavor).toBe('hot-reloaded');
  });
});
