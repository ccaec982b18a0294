/** Test support: run the real p0f 3.09b on a capture built in memory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface P0fRun {
  readonly logLines: string[];
  readonly warnings: string[];
}

export function runRealP0f(pcap: Uint8Array): P0fRun {
  const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-decode-'));
  try {
    const file = join(dir, 'in.pcap');
    const log = join(dir, 'out.log');
    writeFileSync(file, pcap);
    const run = spawnSync('/usr/sbin/p0f', ['-r', file, '-o', log, '-f', '/etc/p0f/p0f.fp'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, cwd: dir });
    const logLines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : [];
    const warnings = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((l) => l.includes('[!] WARNING: '))
      .map((l) => l.slice(l.indexOf('[!] WARNING: ') + '[!] WARNING: '.length));
    return { logLines, warnings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `mod|cli|srv` → raw_sig for the syn / syn+ack lines of a p0f log. */
export function rawSigsByKey(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = /mod=(syn|syn\+ack)\|cli=([^|]+)\|srv=([^|]+)\|.*\|raw_sig=([^|]+)$/.exec(line);
    if (m) out.set(`${m[1]}|${m[2]}|${m[3]}`, m[4]);
  }
  return out;
}
