/** `p0f-ts lint`: formats, exit codes (0 ok, 1 errors / denied warnings, 2 usage or I/O). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLint, run } from '../../../compiler/cli/lint-command.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';

interface Captured extends CliIo {
  out: string;
  err: string;
}

function io(isTty = false): Captured {
  const c: Captured = {
    out: '',
    err: '',
    isTty,
    write: (t) => void (c.out += t),
    writeError: (t) => void (c.err += t),
  };
  return c;
}

let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p0f-ts-lint-'));
  writeFileSync(file('ok.fp'), 'classes = unix\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0\n');
  writeFileSync(file('warn.fp'), 'classes = unix,win\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0\n');
  writeFileSync(file('bad.fp'), 'classes = unix\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0 \n');
  writeFileSync(file('allowed.fp'), '; p0f-ts-allow: unused-class, empty-label\nclasses = unix,win\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('p0f-ts lint', () => {
  it('exits 0 on a clean file and prints a summary', async () => {
    const c = io();
    expect(await run([file('ok.fp')], c)).toBe(0);
    expect(c.out).toBe(`${file('ok.fp')}: 0 errors, 0 warnings\n`);
  });

  it('exits 0 with warnings, 1 with --deny-warnings', async () => {
    const c = io();
    expect(await run([file('warn.fp')], c)).toBe(0);
    expect(c.out).toContain("warning[unused-class]: class 'win' is declared but never used");
    expect(c.out.trimEnd().split('\n').at(-1)).toBe(`${file('warn.fp')}: 0 errors, 1 warning`);
    expect(await run([file('warn.fp'), '--deny-warnings'], io())).toBe(1);
  });

  it('exits 1 on errors', async () => {
    const c = io();
    expect(await run([file('bad.fp')], c)).toBe(1);
    expect(c.out).toContain('error[E049]');
    expect(c.out).toContain(`--> ${file('bad.fp')}:4:25`);
  });

  it('honours p0f-ts-allow comments on the line above', async () => {
    const c = io();
    expect(await run([file('allowed.fp'), '--deny-warnings'], c)).toBe(0);
  });

  it('lints several files and totals them', async () => {
    const c = io();
    expect(await run([file('ok.fp'), file('bad.fp'), file('warn.fp')], c)).toBe(1);
    expect(c.out.trimEnd().split('\n').at(-1)).toBe('3 files: 1 error, 1 warning');
  });

  it('writes JSON and SARIF', async () => {
    const j = io();
    expect(await run(['--format', 'json', file('bad.fp')], j)).toBe(1);
    expect(JSON.parse(j.out)).toEqual([expect.objectContaining({ code: 'E049', line: 4, column: 25, severity: 'error' })]);
    const s = io();
    expect(await run([file('warn.fp'), '--format=sarif'], s)).toBe(0);
    const log = JSON.parse(s.out) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((r) => r.ruleId)).toEqual(['unused-class']);
  });

  it('colours text output only on a terminal', async () => {
    const tty = io(true);
    await run([file('bad.fp')], tty);
    expect(tty.out).toContain('\x1b[');
    const plain = io(false);
    await run([file('bad.fp')], plain);
    expect(plain.out).not.toContain('\x1b[');
  });

  it('exits 2 with a clear message for a missing file', async () => {
    const c = io();
    expect(await run([file('nope.fp')], c)).toBe(2);
    expect(c.err).toBe(`p0f-ts lint: cannot read '${file('nope.fp')}': no such file\n`);
    expect(c.out).toBe('');
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [[], ['--format', 'xml', 'x.fp'], ['--frobnicate', 'x.fp'], ['--format']]) {
      const c = io();
      expect(await run(args, c)).toBe(2);
      expect(c.err).toContain('Usage: p0f-ts lint');
    }
    const h = io();
    expect(await run(['--help'], h)).toBe(0);
    expect(h.out).toContain('Usage: p0f-ts lint');
  });

  it.runIf(existsSync('/etc/p0f/p0f.fp'))('reports 0 errors on the stock database and names the unreachable signatures', async () => {
    const c = io();
    expect(await run(['/etc/p0f/p0f.fp'], c)).toBe(0);
    expect(c.out.trimEnd().split('\n').at(-1)).toBe('/etc/p0f/p0f.fp: 0 errors, 8 warnings');
    for (const line of [198, 199, 204, 465, 466]) expect(c.out).toContain(`--> /etc/p0f/p0f.fp:${line}:9`);
  });

  it.runIf(existsSync('/etc/p0f/p0f.fp'))('benchLint measures a lint of the stock database', () => {
    const b = benchLint('/etc/p0f/p0f.fp', 3);
    expect(b.ms).toBeGreaterThan(0);
    expect(b.warmMs).toBeGreaterThan(0);
  });
});
