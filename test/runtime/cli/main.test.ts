import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../runtime/cli/main.js';
import { buildSampleCapture, buildSampleRecords } from '../../../runtime/cli/sample-capture.js';
import { NDJSON_SCHEMA } from '../../../runtime/output/ndjson.js';
import { linesOf } from '../../helpers/log-compare.js';
import { parseP0fLogLine } from '../../helpers/p0f-log.js';
import { HAVE_REAL_P0F, describeIfPresent, REAL_P0F } from '../../helpers/shared-corpus.js';
import { captureIo } from './capture-io.js';
import { lockLogFile } from '../../../runtime/process-control/log-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-main-'));
const sample = join(dir, 'sample.pcap');
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
  writeFileSync(sample, buildSampleCapture());
});
afterAll(() => {
  process.env.TZ = savedTz;
});

function realLog(pcap: string): string[] {
  const log = join(dir, `real-${Math.random().toString(36).slice(2)}.log`);
  spawnSync(REAL_P0F, ['-r', pcap, '-o', log], { env: { ...process.env, TZ: 'UTC' } });
  return linesOf(readFileSync(log, 'latin1'));
}

/** The sample capture cut in the middle of its 7th record (after the HTTP exchange and the Windows SYN). */
function writeCutSample(name: string): { cut: string; offset: number } {
  const records = buildSampleRecords();
  let offset = 24;
  for (let i = 0; i < 6; i++) offset += 16 + records[i].data.length;
  const cut = join(dir, name);
  writeFileSync(cut, buildSampleCapture().subarray(0, offset + 30));
  return { cut, offset };
}

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'runCli in p0f mode vs the real p0f', () => {
  it('--json prints one p0f-ts/1 object per event the real p0f logs, and nothing else on stdout', async () => {
    const io = captureIo();
    expect(await runCli(['--json', '-r', sample], io)).toBe(0);
    const expected = realLog(sample).map((l) => parseP0fLogLine(l)!);
    const objects = linesOf(io.out()).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => [o.schema, o.mod, o.subj])).toEqual(expected.map((e) => [NDJSON_SCHEMA, e.keyword, e.subject]));
    expect(objects.map((o) => `${String(o.cli_addr)}/${String(o.cli_port)}`)).toEqual(expected.map((e) => e.cli));
    expect(objects.map((o) => o.fields)).toEqual(expected.map((e) => Object.fromEntries(e.fields.map((f) => [f.key, f.value]))));
    expect(io.err()).toContain('[+] Processing capture data.');
  });

  it('a truncated capture: events before the damage as p0f, then an error naming file and offset, exit 1', async () => {
    const { cut, offset } = writeCutSample('cut.pcap');
    const log = join(dir, 'cut.log');
    const io = captureIo();
    expect(await runCli(['-r', cut, '-o', log], io)).toBe(1);
    expect(linesOf(readFileSync(log, 'latin1'))).toEqual(realLog(cut));
    expect(io.err()).toMatch(new RegExp(`${cut.replace(/[.]/g, '\\.')}.*offset ${offset}`));
    expect(io.out()).toContain('All done. Processed 6 packets.');
  });
  it('a truncated capture under --compat 3.09b: what p0f does, events before the damage, no error, exit 0', async () => {
    const { cut } = writeCutSample('cut-compat.pcap');
    const real = spawnSync(REAL_P0F, ['-r', cut], { encoding: 'latin1', env: { ...process.env, TZ: 'UTC' } });
    const log = join(dir, 'cut-compat.log');
    const io = captureIo();
    expect(await runCli(['--compat', '3.09b', '-r', cut, '-o', log], io)).toBe(real.status);
    expect(real.status).toBe(0);
    expect(io.err()).toBe(real.stderr);
    // From the first event on (the banner's descriptor count depends on the parent).
    const fromEvents = (text: string): string => text.slice(text.indexOf('.-['));
    expect(fromEvents(io.out())).toBe(fromEvents(real.stdout));
    expect(io.out()).toContain('All done. Processed 6 packets.');
    expect(linesOf(readFileSync(log, 'latin1'))).toEqual(realLog(cut));
  });
  it('a database with an error: p0f\'s abort line, preceded by the diagnostic with its source line', async () => {
    const fp = join(dir, 'bad.fp');
    writeFileSync(fp, 'classes = win\n[tcp:request]\nlabel = s:win:X:y\nsig = bogus\n');
    const real = spawnSync(REAL_P0F, ['-f', fp, '-r', sample], { encoding: 'latin1' });
    const io = captureIo();
    expect(await runCli(['-f', fp, '-r', sample], io)).toBe(1);
    expect(real.status).toBe(1);
    const abortLine = real.stderr.split('\n').find((l) => l.startsWith('[-] PROGRAM ABORT'));
    expect(abortLine).toBeDefined();
    expect(io.err()).toContain(`${abortLine}\n`);
    expect(io.err()).toContain('4 | sig = bogus');
  });

  it('a database path that is a directory: the same abort as p0f (its read comes up short)', async () => {
    const real = spawnSync(REAL_P0F, ['-f', dir, '-r', sample], { encoding: 'latin1' });
    const io = captureIo();
    expect(await runCli(['-f', dir, '-r', sample], io)).toBe(1);
    expect(real.status).toBe(1);
    expect(io.err()).toBe(real.stderr);
  });

  it('a log file locked by another process is refused with the same error as p0f', async () => {
    const log = join(dir, 'locked.log');
    writeFileSync(log, '');
    const lock = lockLogFile(log);
    expect(lock.kind).toBe('locked');
    try {
      const real = spawnSync(REAL_P0F, ['-r', sample, '-o', log], { encoding: 'latin1' });
      const io = captureIo();
      expect(await runCli(['-r', sample, '-o', log], io)).toBe(1);
      expect(real.status).toBe(1);
      expect(io.err()).toBe(real.stderr);
      expect(readFileSync(log, 'latin1')).toBe('');
    } finally {
      if (lock.kind === 'locked') lock.release();
    }
  });
});

describe('runCli', () => {
  it('-h prints p0f usage plus the p0f-ts options and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['-h'], io)).toBe(0);
    expect(io.out()).toContain("Usage: p0f [ ...options... ] [ 'filter rule' ]");
    expect(io.out()).toContain('--compat 3.09b');
  });

  it('a missing -f file is p0f\'s read_config error', async () => {
    const io = captureIo();
    expect(await runCli(['-f', join(dir, 'none.fp'), '-r', sample], io)).toBe(1);
    expect(io.err()).toContain(`[-] SYSTEM ERROR : Cannot open '${join(dir, 'none.fp')}' for reading.`);
  });

  it('a bad filter expression is reported with libpcap\'s message and p0f\'s abort', async () => {
    const io = captureIo();
    expect(await runCli(['-r', sample, 'tcp and ('], io)).toBe(1);
    expect(io.err()).toContain('[-] pcap_compile: ');
    expect(io.err()).toContain("[-] PROGRAM ABORT : Syntax error! See 'man tcpdump' for help on filters.");
  });

  it('a filter expression selects packets like p0f (port 443 → only the Windows SYN)', async () => {
    const io = captureIo();
    const log = join(dir, 'filtered.log');
    expect(await runCli(['-r', sample, '-o', log, 'port 443'], io)).toBe(0);
    const lines = linesOf(readFileSync(log, 'latin1'));
    expect(lines.map((l) => parseP0fLogLine(l)!.keyword)).toEqual(['syn', 'mtu']);
    expect(io.out()).toContain('[+] Custom filtering rule enabled: port 443 [+VLAN]');
    expect(io.out()).toContain('All done. Processed 1 packets.');
  });

  it('a file that is not a capture gives a clear error', async () => {
    const junk = join(dir, 'junk.pcap');
    writeFileSync(junk, 'hello, world\n');
    const io = captureIo();
    expect(await runCli(['-r', junk], io)).toBe(1);
    expect(io.err()).toMatch(/PROGRAM ABORT : pcap_open_offline: .*junk\.pcap: not a pcap or pcapng file/);
  });
});
