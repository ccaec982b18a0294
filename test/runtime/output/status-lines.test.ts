import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  BANNER,
  countClosableDescriptors,
  formatFatal,
  formatSystemError,
  formatWarning,
  listInheritedDescriptors,
  statusLine,
} from '../../../runtime/output/status-lines.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../../helpers/shared-corpus.js';

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'status lines agree with the real p0f', () => {
  it('banner and FATAL format (p0f -S 5)', () => {
    const r = spawnSync(REAL_P0F, ['-S', '5'], { encoding: 'latin1' });
    expect(r.stdout).toBe(BANNER);
    expect(r.stderr).toBe(formatFatal('Option -S makes sense only with -s.', { func: 'main', file: 'p0f.c', line: 1174 }));
  });

  it('PFATAL format (p0f -f /nonexistent)', () => {
    const r = spawnSync(REAL_P0F, ['-f', '/nonexistent/p0f.fp'], { encoding: 'latin1' });
    expect(r.stderr).toBe(
      formatSystemError("Cannot open '/nonexistent/p0f.fp' for reading.", 'No such file or directory', {
        func: 'read_config',
        file: 'readfp.c',
        line: 392,
      }),
    );
  });

  it('Closed N file descriptors counts inherited descriptors plus the directory handle', () => {
    // Run p0f and a node process printing our count with the same extra descriptors (3 and 4).
    const p0f = spawnSync(REAL_P0F, ['-f', '/nonexistent'], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] });
    const closedLine = /\[\+\] Closed .*\n/.exec(p0f.stdout)?.[0];
    const script =
      `import('${new URL('../../../runtime/output/status-lines.ts', import.meta.url).href}')` +
      `.then(m => process.stdout.write(m.statusLine.closedDescriptors(m.countClosableDescriptors(m.listInheritedDescriptors()))))`;
    const ours = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'latin1',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toBe(closedLine);
  });
});

describe('status line texts', () => {
  it('pluralises like p0f and prints nothing for zero closed descriptors', () => {
    expect(statusLine.closedDescriptors(1)).toBe('[+] Closed 1 file descriptor.\n');
    expect(statusLine.closedDescriptors(0)).toBe('');
    expect(statusLine.loadedSignatures(322, '/etc/p0f/p0f.fp')).toBe("[+] Loaded 322 signatures from '/etc/p0f/p0f.fp'.\n");
    expect(statusLine.loadedSignatures(0, 'x.fp')).toBe("[!] No signatures found in 'x.fp'.\n");
    expect(statusLine.allDone(1)).toBe('\nAll done. Processed 1 packets.\n');
    expect(formatWarning('User-initiated shutdown.')).toBe('[!] WARNING: User-initiated shutdown.\n');
    expect(countClosableDescriptors(null)).toBe(0);
    expect(listInheritedDescriptors()).not.toBeNull();
  });
});
