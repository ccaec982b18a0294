/**
 * `-r` on pcapng files that mix link types (docs/deviations.md D6), against the real p0f:
 * by default every packet is read with its own interface's link type (the expected output
 * is p0f's on the same traffic all on Ethernet); under `--compat 3.09b` reading ends where
 * libpcap ends it for p0f.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linesOf } from '../../helpers/log-compare.js';
import { runOurs, runRealP0f, type RunResult } from '../../helpers/run-cli.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../../helpers/shared-corpus.js';
import { ETHERNET_ONLY_RULE, writeMixedLinkFiles, type MixedLinkFiles } from './mixed-link-captures.js';

const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-mixed-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Replay extends RunResult {
  readonly log: string[];
}

let logs = 0;

async function replay(run: typeof runOurs, capture: string, args: readonly string[] = []): Promise<Replay> {
  const log = join(dir, `run-${logs++}.log`);
  const result = await run(['-r', capture, '-o', log, ...args]);
  let lines: string[] = [];
  try {
    lines = linesOf(readFileSync(log, 'latin1'));
  } catch {
    // stopped before opening the log
  }
  return { ...result, log: lines };
}

/** `All done. Processed N packets.` */
function processed(stdout: string): number {
  const m = /All done\. Processed (\d+) packets\./.exec(stdout);
  return m === null ? Number.NaN : Number(m[1]);
}

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, '-r on a pcapng file mixing link types', () => {
  let files: MixedLinkFiles;
  let whole: Replay;
  beforeAll(async () => {
    files = writeMixedLinkFiles(dir);
    whole = await replay(runRealP0f, files.allEthernet);
  });

  it('default: every packet is read; the log is p0f\'s for the same traffic on one link type', async () => {
    expect(whole.log.filter((l) => l.includes('mod=syn|')).length).toBe(3);
    for (const capture of [files.lateRawInterface, files.interfacesFirst]) {
      const ours = await replay(runOurs, capture);
      expect(ours.status).toBe(0);
      expect(ours.log).toEqual(whole.log);
      expect(processed(ours.stdout)).toBe(processed(whole.stdout));
    }
  });

  it('--compat 3.09b: reading ends at the interface of another link type, as in p0f (same log, count and status)', async () => {
    const real = await replay(runRealP0f, files.lateRawInterface);
    const ours = await replay(runOurs, files.lateRawInterface, ['--compat', '3.09b']);
    expect(processed(real.stdout)).toBe(1);
    expect(ours.log).toEqual(real.log);
    expect(processed(ours.stdout)).toBe(1);
    expect(ours.status).toBe(real.status);
  });

  it('--compat 3.09b: several interfaces of one link type are all read, as in p0f', async () => {
    const real = await replay(runRealP0f, files.twoEthernetInterfaces);
    const ours = await replay(runOurs, files.twoEthernetInterfaces, ['--compat', '3.09b']);
    expect(processed(real.stdout)).toBe(3);
    expect(ours.log).toEqual(real.log);
    expect(processed(ours.stdout)).toBe(3);
  });

  it('default: a rule that does not compile for a later link type stops there with libpcap\'s message and status 1', async () => {
    // p0f itself reads the same packets before stopping (at the raw-IP interface block).
    const real = await replay(runRealP0f, files.lateRawInterface, [ETHERNET_ONLY_RULE]);
    const ours = await replay(runOurs, files.lateRawInterface, [ETHERNET_ONLY_RULE]);
    expect(real.log.length).toBeGreaterThan(0);
    expect(ours.log).toEqual(real.log);
    expect(processed(ours.stdout)).toBe(1);
    expect(ours.stderr).toMatch(/^\[-\] pcap_compile: ethernet addresses supported only on /m);
    expect(ours.stderr).toMatch(/^\[-\] ERROR: the filter does not compile for a later interface's link type, stopped reading: /m);
    expect(ours.status).toBe(1);
  });
});
