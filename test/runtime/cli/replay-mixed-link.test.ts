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
import { ETHERNET_ONLY_RULE, writeLibpcapStopFiles, writeMixedLinkFiles, type LibpcapStopFiles, type MixedLinkFiles } from './mixed-link-captures.js';

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

/** stdout from `[+] Processing capture data.` on: the events and `All done` (the banner differs in its fd count). */
function report(stdout: string): string {
  const at = stdout.indexOf('[+] Processing capture data.');
  return at < 0 ? '' : stdout.slice(at);
}

/** Runs both with the same arguments (ours under compat) and checks that p0f read `packets` packets. */
async function expectCompatLikeP0f(capture: string, packets: number, args: readonly string[] = []): Promise<void> {
  const real = await replay(runRealP0f, capture, args);
  const ours = await replay(runOurs, capture, ['--compat', '3.09b', ...args]);
  expect(processed(real.stdout)).toBe(packets);
  expect(ours.log).toEqual(real.log);
  expect(report(ours.stdout)).toBe(report(real.stdout));
  expect(report(ours.stdout)).toContain(`All done. Processed ${packets} packets.`);
  expect(ours.stderr).toBe(real.stderr);
  expect(ours.status).toBe(real.status);
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

  it('--compat 3.09b: both interface blocks before any packet (dumpcap\'s layout): nothing is read, as in p0f', async () => {
    await expectCompatLikeP0f(files.interfacesFirst, 0);
  });

  it('--compat 3.09b: a rule that compiles only for the first link type never meets the later one, as in p0f', async () => {
    await expectCompatLikeP0f(files.lateRawInterface, 1, [ETHERNET_ONLY_RULE]);
    await expectCompatLikeP0f(files.interfacesFirst, 0, [ETHERNET_ONLY_RULE]);
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

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, '-r --compat 3.09b stops where libpcap stops', () => {
  let stops: LibpcapStopFiles;
  let whole: Replay;
  beforeAll(async () => {
    stops = writeLibpcapStopFiles(dir);
    whole = await replay(runRealP0f, writeMixedLinkFiles(dir).allEthernet);
  });

  it('at an interface whose snapshot length differs from the first one\'s', async () => {
    await expectCompatLikeP0f(stops.snaplenChange, 1);
  });

  it('not at one that states no snapshot length (libpcap takes 262144, the first one\'s)', async () => {
    await expectCompatLikeP0f(stops.snaplenUnset, 3);
  });

  it('at another link type\'s interface in a later section', async () => {
    await expectCompatLikeP0f(stops.rawSection, 1);
  });

  it('cleanly, before looking at the foreign interface\'s options or at later damage', async () => {
    await expectCompatLikeP0f(stops.rawInterfaceBadOption, 1);
    await expectCompatLikeP0f(stops.rawInterfaceThenDamage, 1);
  });

  it('default: the same files are read past those blocks (the log of all three SYNs on Ethernet)', async () => {
    for (const capture of [stops.snaplenChange, stops.rawSection]) {
      const ours = await replay(runOurs, capture);
      expect(ours.status).toBe(0);
      expect(ours.log).toEqual(whole.log);
      expect(processed(ours.stdout)).toBe(3);
    }
    const damaged = await replay(runOurs, stops.rawInterfaceThenDamage);
    expect(damaged.log).toEqual(whole.log);
    expect(damaged.stderr).toMatch(/^\[-\] ERROR: capture file damaged, stopped reading: .*truncated block/m);
    expect(damaged.status).toBe(1);
  });
});
