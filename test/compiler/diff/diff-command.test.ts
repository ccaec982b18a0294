import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../compiler/cli/diff-command.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTty: false, write: (t: string) => void (io.out += t), writeError: (t: string) => void (io.err += t) };
  return io;
}

const STOCK = '/etc/p0f/p0f.fp';
const CAPTURE = `${CORPUS_DIR}/real/local/d0-v4-curl-nginx.pcap`;

describe('p0f-ts diff', () => {
  let dir: string;
  let edited: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'p0f-ts-diffcmd-'));
    edited = join(dir, 'edited.fp');
    // The generic Linux signature that labels the curl SYN in d0-v4-curl-nginx becomes Linux 9.x.
    const text = readFileSync(STOCK, 'latin1');
    expect(text).toContain('label = g:unix:Linux:2.2.x-3.x\n');
    writeFileSync(edited, text.replace('label = g:unix:Linux:2.2.x-3.x\n', 'label = g:unix:Linux:9.x\n'), 'latin1');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 with an empty diff for the same database', async () => {
    const io = captureIo();
    expect(await run([STOCK, STOCK], io)).toBe(0);
    expect(io.out).toMatch(/signatures: 0 added, 0 removed, 0 changed, 0 moved/);
  });
  it('exits 1 and lists relabelled signatures field by field', async () => {
    const io = captureIo();
    expect(await run([STOCK, edited], io)).toBe(1);
    expect(io.out).toMatch(/~ changed {2}line 164 -> 164: \[g:unix:Linux:9\.x\] label 'g:unix:Linux:2\.2\.x-3\.x' -> 'g:unix:Linux:9\.x'/);
    expect(io.out).toMatch(/\+ label added \[g:unix:Linux:9\.x\]/);
  });
  it('replays a corpus and reports the classification change with its cause (markdown and json)', async () => {
    const md = captureIo();
    expect(await run([STOCK, edited, '--corpus', CAPTURE, '--format', 'markdown'], md)).toBe(1);
    expect(md.out).toMatch(/\| \d+ \| syn \| Linux 2\.2\.x-3\.x \\\[generic\\\] \| Linux 9\.x \\\[generic\\\] \|.*changed line 164/);
    const json = captureIo();
    expect(await run([STOCK, edited, '--corpus', CAPTURE, '--format', 'json'], json)).toBe(1);
    const report = JSON.parse(json.out) as { corpus: { changes: number; unattributed: number; groups: { keyword: string; causes: number[] }[] } };
    expect(report.corpus.changes).toBeGreaterThan(0);
    expect(report.corpus.unattributed).toBe(0);
    expect(report.corpus.groups.every((g) => g.causes.length > 0)).toBe(true);
  });
  it('replays with p0f 3.09b bugs under --compat 3.09b', async () => {
    const io = captureIo();
    expect(await run([STOCK, edited, '--corpus', CAPTURE, '--compat', '3.09b'], io)).toBe(1);
    expect(io.out).toMatch(/x syn: Linux 2\.2\.x-3\.x \[generic\] -> Linux 9\.x \[generic\]/);
    expect(await run([STOCK, edited, '--compat', '3.10'], captureIo())).toBe(2);
  });
  it('exits 0 when a corpus shows no classification change', async () => {
    const io = captureIo();
    expect(await run([STOCK, STOCK, '--corpus', CAPTURE], io)).toBe(0);
    expect(io.out).toMatch(/classification changes:\n {2}none/);
  });
  it('exits 2 on usage errors, unreadable files and databases that do not load', async () => {
    const io = captureIo();
    expect(await run([STOCK], io)).toBe(2);
    expect(await run([STOCK, edited, '--format', 'yaml'], io)).toBe(2);
    expect(await run([STOCK, join(dir, 'missing.fp')], io)).toBe(2);
    const bad = join(dir, 'bad.fp');
    writeFileSync(bad, '[mtu]\nsig = 1500\n');
    expect(await run([STOCK, bad], io)).toBe(2);
    expect(io.err).toMatch(/bad\.fp:2:\d+: error/);
    expect(await run([STOCK, STOCK, '--corpus', join(dir, 'nowhere')], io)).toBe(2);
  });
});
