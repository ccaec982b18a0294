/**
 * `p0f-ts -r x.pcap | head`: the reader of stdout goes away. p0f is killed by SIGPIPE at
 * its next write (the shell reports 141); p0f-ts must end the same way, with status 141
 * and no stack trace, instead of dying of an unhandled EPIPE error. Our end of the pipe is
 * closed before the child starts, so its first write fails.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT, BIN } from '../../helpers/run-cli.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F, REPO_ROOT } from '../../helpers/shared-corpus.js';

const SAMPLE = join(REPO_ROOT, 'signatures/sample.pcap');
const SIGPIPE_STATUS = 128 + 13;

interface Ending {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the other stream carried. */
  readonly otherStream: string;
}

/** Runs with stdout (or stderr) connected to a pipe whose reader is already gone. */
function runWithClosedReader(command: string, args: readonly string[], closed: 'stdout' | 'stderr'): Promise<Ending> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
    const other = closed === 'stdout' ? child.stderr : child.stdout;
    child[closed].destroy();
    const chunks: Buffer[] = [];
    other.on('data', (b: Buffer) => chunks.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not end after its reader went away`));
    }, 30_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, otherStream: Buffer.concat(chunks).toString('latin1') });
    });
  });
}

beforeAll(() => {
  if (!BUILT) throw new Error('run `npm run build` first (npm test does it)');
});

describe('a reader that goes away', () => {
  it('ends a replay with status 141 and no stack trace', async () => {
    const ours = await runWithClosedReader(process.execPath, [BIN, '-r', SAMPLE], 'stdout');
    expect(ours.status).toBe(SIGPIPE_STATUS);
    expect(ours.otherStream).not.toMatch(/EPIPE|Error|\n\s+at /);
  });

  it('also on stderr (--json sends status lines there)', async () => {
    const ours = await runWithClosedReader(process.execPath, [BIN, '--json', '-r', SAMPLE], 'stderr');
    expect(ours.status).toBe(SIGPIPE_STATUS);
  });

  it('also for the author commands', async () => {
    const ours = await runWithClosedReader(process.execPath, [BIN, 'lint', '/etc/p0f/p0f.fp'], 'stdout');
    expect(ours.status).toBe(SIGPIPE_STATUS);
    expect(ours.otherStream).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'the real p0f with a reader that goes away', () => {
  it('is killed by SIGPIPE, which the shell reports as the 141 p0f-ts exits with', async () => {
    const theirs = await runWithClosedReader(REAL_P0F, ['-r', SAMPLE], 'stdout');
    expect(theirs.signal).toBe('SIGPIPE');
    expect(theirs.status).toBe(null);
  });
});
