/**
 * `zcat big.pcap.gz | p0f-ts -r /dev/stdin`: a capture read from a pipe cannot seek, and
 * nothing else may read from it (compiling the filter against the file would). The
 * capture is larger than a pipe's buffer, so it arrives in many reads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSampleCapture } from '../../../runtime/cli/sample-capture.js';
import { linesOf } from '../../helpers/log-compare.js';
import { BIN, BUILT } from '../../helpers/run-cli.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../../helpers/shared-corpus.js';

let dir: string;
let capture: Uint8Array;

beforeAll(() => {
  if (!BUILT) throw new Error('run `npm run build` first (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'p0f-ts-pipe-'));
  // The sample's records 300 times over: about 400 KB, several pipe buffers' worth.
  const sample = buildSampleCapture();
  const records = sample.subarray(24);
  capture = new Uint8Array(24 + 300 * records.length);
  capture.set(sample.subarray(0, 24));
  for (let i = 0; i < 300; i++) capture.set(records, 24 + i * records.length);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `cat FILE | p0f-ts ARGS`: a real pipe (Node's own stdio pipes are socket pairs, which /dev/stdin cannot open). */
function runFromPipe(file: string, args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', 'cat "$0" | exec "$@"', file, process.execPath, BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TZ: 'UTC' },
    });
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('close', (status) => resolve({ status, stderr: Buffer.concat(err).toString('latin1') }));
  });
}

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, '-r /dev/stdin', () => {
  it('reads a capture from a pipe as the real p0f reads the same capture from a file', async () => {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, capture);
    const theirs = join(dir, 'theirs.log');
    spawnSync(REAL_P0F, ['-r', file, '-o', theirs], { env: { ...process.env, TZ: 'UTC' } });
    const ours = join(dir, 'ours.log');
    const run = await runFromPipe(file, ['-r', '/dev/stdin', '-o', ours]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = linesOf(readFileSync(theirs, 'latin1'));
    expect(expected.length).toBeGreaterThan(1000);
    expect(linesOf(readFileSync(ours, 'latin1'))).toEqual(expected);
  });

  it('with a user filter too (compiled without opening the pipe a second time)', async () => {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, capture);
    const theirs = join(dir, 'theirs-port.log');
    spawnSync(REAL_P0F, ['-r', file, '-o', theirs, 'port 80'], { env: { ...process.env, TZ: 'UTC' } });
    const ours = join(dir, 'ours-port.log');
    const run = await runFromPipe(file, ['-r', '/dev/stdin', '-o', ours, 'port 80']);
    expect(run.status).toBe(0);
    expect(linesOf(readFileSync(ours, 'latin1'))).toEqual(linesOf(readFileSync(theirs, 'latin1')));
  });
});
