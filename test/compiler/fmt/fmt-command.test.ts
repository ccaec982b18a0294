import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../compiler/cli/fmt-command.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTty: false, write: (t: string) => void (io.out += t), writeError: (t: string) => void (io.err += t) };
  return io;
}

const MESSY = '  [mtu]\nlabel=DSL\n\n\nsig = 1492\n';
const FORMATTED = '[mtu]\nlabel = DSL\n\nsig   = 1492\n';

describe('p0f-ts fmt', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'p0f-ts-fmt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the formatted file by default and leaves it alone', async () => {
    const file = join(dir, 'a.fp');
    writeFileSync(file, MESSY);
    const io = captureIo();
    expect(await run([file], io)).toBe(0);
    expect(io.out).toBe(FORMATTED);
    expect(readFileSync(file, 'latin1')).toBe(MESSY);
  });
  it('--check lists the files that would change and exits 1', async () => {
    const messy = join(dir, 'messy.fp');
    const clean = join(dir, 'clean.fp');
    writeFileSync(messy, MESSY);
    writeFileSync(clean, FORMATTED);
    const io = captureIo();
    expect(await run(['--check', messy, clean], io)).toBe(1);
    expect(io.out).toBe(`${messy}\n`);
    const ok = captureIo();
    expect(await run(['--check', clean], ok)).toBe(0);
    expect(ok.out).toBe('');
  });
  it('--write rewrites atomically, keeps the mode and leaves no temp file', async () => {
    const file = join(dir, 'a.fp');
    writeFileSync(file, MESSY);
    chmodSync(file, 0o640);
    const io = captureIo();
    expect(await run(['--write', file], io)).toBe(0);
    expect(readFileSync(file, 'latin1')).toBe(FORMATTED);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.fp']);
  });
  it('refuses a file with errors, printing the diagnostics, and does not touch it', async () => {
    const file = join(dir, 'bad.fp');
    const bad = '[mtu]\nlabel = DSL\nsig = 15a\n';
    writeFileSync(file, bad);
    const io = captureIo();
    expect(await run(['--write', file], io)).toBe(1);
    expect(io.err).toMatch(/bad\.fp:3:\d+: error\[E0?22\]/);
    expect(io.err).toMatch(/has errors; not formatted/);
    expect(readFileSync(file, 'latin1')).toBe(bad);
  });
  it('keeps bytes above 0x7f in comments exactly', async () => {
    const file = join(dir, 'latin.fp');
    const bytes = Buffer.from([...Buffer.from('  ; caf'), 0xe9, 0xc3, 0xa9, ...Buffer.from('\n[mtu]\n')]);
    writeFileSync(file, bytes);
    expect(await run(['--write', file], captureIo())).toBe(0);
    expect(readFileSync(file)).toEqual(Buffer.from([...Buffer.from('; caf'), 0xe9, 0xc3, 0xa9, ...Buffer.from('\n[mtu]\n')]));
  });
  it('reports usage and I/O errors with exit 2', async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(2);
    expect(await run(['--check', '--write', 'x.fp'], io)).toBe(2);
    expect(await run([join(dir, 'missing.fp')], io)).toBe(2);
    expect(io.err).toMatch(/cannot read/);
  });
});
