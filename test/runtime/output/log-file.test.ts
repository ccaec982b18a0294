import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLogFile } from '../../../runtime/output/log-file.js';

const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-log-'));

describe('openLogFile (p0f open_log semantics, spec §11 step 9)', () => {
  it('creates a missing file with mode 0600 and writes batched lines in order', () => {
    const path = join(dir, 'new.log');
    const r = openLogFile(path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (let i = 0; i < 5000; i++) r.log.append(`line ${i}\n`);
    expect(r.log.close()).toBeNull();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('line 0');
    expect(lines[4999]).toBe('line 4999');
  });

  it('appends to an existing file', () => {
    const path = join(dir, 'old.log');
    writeFileSync(path, 'before\n');
    const r = openLogFile(path);
    if (!r.ok) throw new Error('open failed');
    r.log.append('after\n');
    r.log.close();
    expect(readFileSync(path, 'utf8')).toBe('before\nafter\n');
  });

  it('refuses a symlink (ELOOP), a directory and a non-regular file with p0f messages', () => {
    const link = join(dir, 'link.log');
    symlinkSync(join(dir, 'target'), link);
    const a = openLogFile(link);
    expect(a).toMatchObject({ ok: false, error: { kind: 'system', message: `Cannot open '${link}'.`, code: 'ELOOP' } });
    const b = openLogFile(dir);
    expect(b).toMatchObject({ ok: false, error: { kind: 'system', code: 'EISDIR', location: { line: 233 } } });
    const c = openLogFile('/dev/null');
    expect(c).toMatchObject({ ok: false, error: { kind: 'fatal', message: "'/dev/null' is not a regular file." } });
    const d = openLogFile(join(dir, 'no/such/dir.log'));
    expect(d).toMatchObject({ ok: false, error: { kind: 'system', code: 'ENOENT', location: { line: 238 } } });
  });
});
