import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../runtime/cli/main.js';
import { buildSampleCapture } from '../../../runtime/cli/sample-capture.js';
import { REPO_ROOT } from '../../helpers/shared-corpus.js';
import { captureIo } from './capture-io.js';

describe('signatures/sample.pcap', () => {
  it('is exactly what `p0f-ts sample` generates (regenerate with `node bin/p0f-ts.js sample` if this fails)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'signatures/sample.pcap'));
    expect(Buffer.from(buildSampleCapture()).equals(committed)).toBe(true);
  });

  it('`p0f-ts sample FILE` writes the same bytes twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-sample-'));
    const io = captureIo();
    expect(await runCli(['sample', join(dir, 'a.pcap')], io)).toBe(0);
    expect(await runCli(['sample', join(dir, 'b.pcap')], io)).toBe(0);
    expect(readFileSync(join(dir, 'a.pcap')).equals(readFileSync(join(dir, 'b.pcap')))).toBe(true);
    expect(await runCli(['sample', join(dir, 'no/such/dir/x.pcap')], io)).toBe(2);
    expect(io.err()).toContain("cannot write");
  });
});
