/**
 * The built CLI's whole stdout+stderr against the real p0f's recorded `X.p0f.txt` (+ `.err`)
 * for a few corpus files, run from the capture's directory with bare names as the corpus
 * was. The `Closed N file descriptors` line is not in the recording, and the log line names
 * our temporary log file instead of `X.p0f.log`.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { BUILT, runOurs } from '../helpers/run-cli.js';
import { CORPUS_DIR, describeIfPresent, HAVE_CORPUS } from '../helpers/shared-corpus.js';

const FILES = ['crafted/mtu.pcap', 'crafted/uptime.pcap', 'crafted/malformed.pcap', 'crafted/http.pcap', 'crafted/nat.pcap', 'crafted/linktype_sll2_misdetect.pcap', 'real/public/zeek__mixed-vlan-mpls.pcap', 'real/local/d0-v4-curl-nginx.pcap'];

describeIfPresent(
  HAVE_CORPUS && BUILT,
  HAVE_CORPUS ? 'p0f-ts is not built (run `npm run build`)' : `shared corpus absent at ${CORPUS_DIR}`,
  'corpus stdout/stderr vs the recorded p0f output',
  () => {
    for (const rel of FILES) {
      it(rel, async () => {
        const capture = join(CORPUS_DIR, rel);
        const base = capture.slice(0, -5);
        const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-pretty-'));
        const log = join(dir, 'out.log');
        const crafted = rel.startsWith('crafted/');
        // crafted: .txt is stdout only (+ .err); real: .txt is stdout and stderr together.
        const r = await runOurs(['--compat', '3.09b', '-f', '/etc/p0f/p0f.fp', '-r', basename(capture), '-o', log], {
          cwd: dirname(capture),
          combinedFile: crafted ? undefined : join(dir, 'combined.txt'),
        });
        const fix = (s: string): string =>
          s.replace(/^\[\+\] Closed \d+ file descriptors?\.\n/m, '').split(`'${log}'`).join(`'${basename(base)}.p0f.log'`);
        const expectedOut = readFileSync(`${base}.p0f.txt`, 'latin1').replace(/^\[\+\] Closed \d+ file descriptors?\.\n/m, '');
        if (crafted) {
          expect(fix(r.stdout)).toBe(expectedOut);
          expect(r.stderr).toBe(existsSync(`${base}.p0f.err`) ? readFileSync(`${base}.p0f.err`, 'latin1') : '');
        } else {
          expect(fix(r.combined)).toBe(expectedOut);
        }
      });
    }
  },
);
