/**
 * Signals during `-r`, on the built CLI and the real p0f side by side: a first SIGINT lets
 * the file finish and adds `[!] WARNING: User-initiated shutdown.` before `All done`
 * (exit 0); a second one exits with status 1 at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { writePcap, LinkType, type PcapWriteRecord } from '../../../runtime/capture/pcap-writer.js';
import { buildSampleRecords } from '../../../runtime/cli/sample-capture.js';
import { BIN, BUILT } from '../../helpers/run-cli.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../../helpers/shared-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-signals-'));
const pcap = join(dir, 'long.pcap');
const COPIES = 15_000;

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts a run, sends `signals` SIGINTs once "Processing capture data" is on stdout, waits for exit. */
function runAndInterrupt(command: string, args: string[], signals: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    let sentAt = 0;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('latin1');
      // The second signal waits for more output, i.e. until the first one has been taken
      // (two signals sent back to back can merge into one pending signal).
      if (sent < signals && stdout.includes('[+] Processing capture data.') && (sent === 0 || stdout.length > sentAt + 256 * 1024)) {
        sent++;
        sentAt = stdout.length;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('latin1')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describeIfPresent(
  HAVE_REAL_P0F && BUILT,
  HAVE_REAL_P0F ? 'p0f-ts is not built (run `npm run build`)' : `real p0f not installed at ${REAL_P0F}`,
  'SIGINT during -r, as p0f',
  () => {
    beforeAll(() => {
      // The sample's 8 packets, repeated with fresh ports and later times: 120,000 packets.
      const base = buildSampleRecords();
      const records: PcapWriteRecord[] = [];
      for (let c = 0; c < COPIES; c++) {
        for (const r of base) {
          const data = Uint8Array.from(r.data);
          // Shift both ports of IPv4 frames so every copy is a new connection.
          if (data[14] >> 4 === 4) {
            const sport = ((data[34] << 8) | data[35]) + (c % 20000);
            const dport = ((data[36] << 8) | data[37]) + (c % 20000);
            if (sport < 65536 && dport < 65536) {
              data[34] = sport >> 8; data[35] = sport & 0xff; data[36] = dport >> 8; data[37] = dport & 0xff;
            }
          }
          records.push({ seconds: r.seconds + c * 2, microseconds: r.microseconds, data });
        }
      }
      writeFileSync(pcap, writePcap(LinkType.ethernet, records));
    });

    it('one SIGINT: the file is finished, then the warning and All done, exit 0', async () => {
      const [real, ours] = await Promise.all([
        runAndInterrupt(REAL_P0F, ['-r', pcap, '-o', join(dir, 'real1.log')], 1),
        runAndInterrupt(process.execPath, [BIN, '--compat', '3.09b', '-r', pcap, '-o', join(dir, 'ours1.log')], 1),
      ]);
      expect(real.status).toBe(0);
      expect(real.stderr).toBe('[!] WARNING: User-initiated shutdown.\n');
      expect(ours.status).toBe(real.status);
      expect(ours.stderr).toBe(real.stderr);
      const done = `\nAll done. Processed ${COPIES * buildSampleRecords().length} packets.\n`;
      expect(real.stdout.slice(-200)).toContain(done);
      expect(ours.stdout.slice(-200)).toContain(done);
      expect(readFileSync(join(dir, 'ours1.log')).equals(readFileSync(join(dir, 'real1.log')))).toBe(true);
    });

    it('two SIGINTs: exit status 1 at once, without All done', async () => {
      const [real, ours] = await Promise.all([
        runAndInterrupt(REAL_P0F, ['-r', pcap, '-o', join(dir, 'real2.log')], 2),
        runAndInterrupt(process.execPath, [BIN, '--compat', '3.09b', '-r', pcap, '-o', join(dir, 'ours2.log')], 2),
      ]);
      expect(real.status).toBe(1);
      expect(ours.status).toBe(1);
      expect(real.stdout).not.toContain('All done');
      expect(ours.stdout).not.toContain('All done');
    });
  },
);
