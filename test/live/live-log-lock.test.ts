/**
 * The `-o` log is locked the way p0f locks it (exclusive flock), so p0f-ts and the real
 * p0f refuse to share a log file in either direction, with p0f's message.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLive } from '../../runtime/cli/live-mode.js';
import { parseP0fFlags, type P0fOptions } from '../../runtime/cli/p0f-flags.js';
import { memoryIo, REAL_P0F, startRealP0f, waitFor } from './live-harness.js';
import { stockMatchers } from './live-matchers.js';

let dir: string;
let log: string;

function options(argv: string[]): P0fOptions {
  const parsed = parseP0fFlags(argv);
  if (parsed.kind !== 'run') throw new Error(`unexpected flags result ${parsed.kind}`);
  return parsed.options;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-lock-'));
  log = path.join(dir, 'shared.log');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('-o log locking', () => {
  it('refuses a log the real p0f is writing, exactly as a second p0f would', async () => {
    const real = startRealP0f(['-i', 'lo', '-o', log, 'port 9']);
    try {
      await waitFor('the real p0f to open its log', () => real.stdout.includes('opened for writing'));
      const second = spawnSync(REAL_P0F, ['-i', 'lo', '-o', log, 'port 9'], { encoding: 'latin1' });
      const io = memoryIo();
      const code = await runLive({ options: options(['-i', 'lo', '-o', log, 'port 9']), matchers: stockMatchers() }, io);
      expect(second.status).toBe(1);
      expect(code).toBe(1);
      expect(io.stderr).toBe(second.stderr);
      expect(io.stderr).toContain(`'${log}' is being used by another process.`);
    } finally {
      real.child.kill('SIGINT');
      await real.exited;
    }
  });

  it('holds the lock itself, so the real p0f refuses the log while p0f-ts runs', async () => {
    const io = memoryIo();
    const stop = new AbortController();
    const running = runLive({ options: options(['-i', 'lo', '-o', log, 'port 9']), matchers: stockMatchers(), stopSignal: stop.signal }, io);
    await waitFor('p0f-ts main loop', () => io.stdout.includes('[+] Entered main event loop.'));
    const whileRunning = spawnSync(REAL_P0F, ['-i', 'lo', '-o', log, 'port 9'], { encoding: 'latin1' });
    stop.abort();
    expect(await running).toBe(0);
    expect(whileRunning.status).toBe(1);
    expect(whileRunning.stderr).toContain(`'${log}' is being used by another process.`);
    // Released on exit: the lock is free again.
    const after = spawnSync('flock', ['-x', '-n', log, 'true']);
    expect(after.status).toBe(0);
  });
});
