/**
 * fingerprintCapture on pcapng files that mix link types reads them as `p0f-ts -r` does
 * (one loop for both), checked against the real p0f: by default every packet with its own
 * interface's link type, with `compat` ending where p0f's libpcap ends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSignatures, type Signatures } from 'p0f-ts';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../helpers/shared-corpus.js';
import { ETHERNET_ONLY_RULE, writeLibpcapStopFiles, writeMixedLinkFiles, type MixedLinkFiles } from '../runtime/cli/mixed-link-captures.js';
import { runLibrary, runRealP0fLog, type RealP0fRun } from './library-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-library-mixed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'fingerprintCapture on a pcapng file mixing link types', () => {
  let files: MixedLinkFiles;
  let signatures: Signatures;
  let whole: RealP0fRun;
  beforeAll(async () => {
    files = writeMixedLinkFiles(dir);
    const loaded = await loadSignatures();
    if (!loaded.ok) throw new Error(loaded.message);
    signatures = loaded.signatures;
    whole = await runRealP0fLog(files.allEthernet);
  });

  it('default: every packet, as p0f logs the same traffic on one link type; from a file or from bytes', async () => {
    expect(whole.log.length).toBeGreaterThan(0);
    for (const source of [files.interfacesFirst, { bytes: readFileSync(files.lateRawInterface), name: 'mixed.pcapng' }]) {
      const ours = await runLibrary(source, { signatures });
      expect(ours.lines).toEqual(whole.log);
      expect(ours.end).toEqual({ kind: 'end', packets: 3, error: null });
    }
  });

  it('compat: ends cleanly where p0f stops reading', async () => {
    const real = await runRealP0fLog(files.lateRawInterface);
    const ours = await runLibrary(files.lateRawInterface, { signatures, compat: true });
    expect(ours.lines).toEqual(real.log);
    expect(ours.end).toEqual({ kind: 'end', packets: 1, error: null });
    expect(ours.afterEnd).toBe(0);
  });

  it('compat: every interface block before any packet (dumpcap\'s layout) reads nothing, as in p0f; from a file or from bytes', async () => {
    const real = await runRealP0fLog(files.interfacesFirst);
    expect(real.stdout).toContain('All done. Processed 0 packets.');
    for (const source of [files.interfacesFirst, { bytes: readFileSync(files.interfacesFirst), name: 'first.pcapng' }]) {
      const ours = await runLibrary(source, { signatures, compat: true });
      expect(ours.lines).toEqual(real.log);
      expect(ours.end).toEqual({ kind: 'end', packets: 0, error: null });
    }
  });

  it('compat: ends cleanly at the foreign interface block even when the file is damaged after it, as p0f does', async () => {
    const damaged = writeLibpcapStopFiles(dir).rawInterfaceThenDamage;
    const real = await runRealP0fLog(damaged);
    expect(real.stdout).toContain('All done. Processed 1 packets.');
    const ours = await runLibrary(damaged, { signatures, compat: true });
    expect(ours.lines).toEqual(real.log);
    expect(ours.end).toEqual({ kind: 'end', packets: 1, error: null });
    const fixed = await runLibrary(damaged, { signatures });
    expect(fixed.end?.packets).toBe(3);
    expect(fixed.end?.error).toMatchObject({ kind: 'capture-error', message: expect.stringMatching(/^truncated block/) });
  });

  it('default: a rule that does not compile for a later link type ends the stream with that filter-error, after the earlier events', async () => {
    const real = await runRealP0fLog(files.lateRawInterface, [ETHERNET_ONLY_RULE]);
    const ours = await runLibrary(files.lateRawInterface, { signatures, filter: ETHERNET_ONLY_RULE });
    expect(real.log.length).toBeGreaterThan(0);
    expect(ours.lines).toEqual(real.log);
    expect(ours.end?.packets).toBe(1);
    expect(ours.end?.error).toMatchObject({ kind: 'filter-error', pcapMessage: expect.stringMatching(/^ethernet addresses supported only on /) });
  });
});
