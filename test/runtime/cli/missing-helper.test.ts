/**
 * A build without the native libpcap helper (its compile step failed, or native/build was
 * deleted): capture filters cannot be compiled, so every capture must stop with a message
 * that names the missing helper and how to build it, not p0f's "Syntax error!" that would
 * blame the user's filter. The built CLI is copied to a directory without native/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT } from '../../helpers/run-cli.js';
import { REPO_ROOT } from '../../helpers/shared-corpus.js';

let dir: string;

beforeAll(() => {
  if (!BUILT) throw new Error('run `npm run build` first (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'p0f-ts-nohelper-'));
  for (const part of ['dist', 'bin', 'package.json']) cpSync(join(REPO_ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: readonly string[], env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(dir, 'bin/p0f-ts.js'), ...args], {
    encoding: 'latin1',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr };
}

const HELPER = 'capture filters need the native libpcap helper: build it with `npm run build`';

describe('without the native helper', () => {
  it('-r stops with exit 1 and names the helper', () => {
    const r = run(['-r', join(REPO_ROOT, 'signatures/sample.pcap')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('native/build/Release/p0f_native.node');
    expect(r.stderr).toContain(HELPER);
    expect(r.stderr).not.toContain('Syntax error');
  });

  it('a filter rule is not blamed for it', () => {
    const r = run(['-r', join(REPO_ROOT, 'signatures/sample.pcap'), 'port 80']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(HELPER);
    expect(r.stderr).not.toContain('Syntax error');
  });

  it('live capture with P0F_TS_CAPTURE=native stops the same way', () => {
    const r = run(['-i', 'lo', 'port 1'], { P0F_TS_CAPTURE: 'native' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(HELPER);
  });
});
