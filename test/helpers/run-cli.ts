/**
 * Runs the BUILT command line (`node bin/p0f-ts.js …`, needs `npm run build`) or the real p0f
 * as child processes with TZ=UTC, a few at a time.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './shared-corpus.js';

export const BIN = join(REPO_ROOT, 'bin/p0f-ts.js');
export const BUILT = existsSync(join(REPO_ROOT, 'dist/runtime/cli/main.js'));

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as written (both to one file, like `2>&1`). */
  readonly combined: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly combinedFile?: string;
  readonly timeoutMs?: number;
}

function collect(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C' };
    if (options.combinedFile !== undefined) {
      const fd = openSync(options.combinedFile, 'w');
      const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', fd, fd], argv0: 'p0f' });
      closeSync(fd);
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout: '', stderr: '', combined: readFileSync(options.combinedFile as string, 'latin1') });
      });
      return;
    }
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], argv0: 'p0f' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('latin1');
      const stderr = Buffer.concat(err).toString('latin1');
      resolve({ status, stdout, stderr, combined: stdout + stderr });
    });
  });
}

export function runOurs(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return collect(process.execPath, [BIN, ...args], options);
}

export function runRealP0f(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return collect('/usr/sbin/p0f', args, options);
}

/** Runs `jobs` with at most `limit` in flight, keeping result order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
