import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkCaptureOptions, parseP0fFlags, scanPair, usageText } from '../../../runtime/cli/p0f-flags.js';
import { formatFatal } from '../../../runtime/output/status-lines.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../../helpers/shared-corpus.js';

/** What our parser makes of argv, rendered as p0f would print it on stderr. */
function ourStderr(argv: string[]): string {
  const r = parseP0fFlags(argv);
  if (r.kind === 'fatal') return formatFatal(r.message, r.location);
  if (r.kind === 'usage') return `${r.message.replace(/^p0f-ts:/, 'p0f:')}\n${usageText('/etc/p0f/p0f.fp')}`;
  if (r.kind === 'run') {
    const late = checkCaptureOptions(r.options);
    if (late) return formatFatal(late.message, late.location);
  }
  return `(${r.kind})`;
}

// Every case fails before p0f would open a capture or an interface.
const CASES: string[][] = [
  ['-S', '5'],
  ['-S', '0', '-s', 'sock'],
  ['-S', 'abc', '-s', 'sock'],
  ['-S', '5', '-S', '6', '-s', 'sock'],
  ['-S', '20', '-S', '6', '-s', 'sock', '-r', 'x'],
  ['-d', '-d'],
  ['-dd'],
  ['-f', 'a', '-f', 'b'],
  ['-fa', '-fb'],
  ['-i', 'a', '-i', 'b'],
  ['-m', '0,5'],
  ['-m', '5'],
  ['-m', '100001,5'],
  ['-m', '10,20x', '-m', '1,1'],
  ['-m', '1000,10000', '-m', '1,1', '-r', 'x', '-s', 'y'],
  ['-m', '-1,5'],
  ['-o', 'a', '-o', 'b'],
  ['-p', '-p'],
  ['-r', 'a', '-r', 'b'],
  ['-s', 'a', '-s', 'b'],
  ['-t', '3,4,5', '-t', '1,1'],
  ['-t', '0,1'],
  ['-t', '1,1000001'],
  ['-u', 'a', '-u', 'b'],
  ['-r', 'x', 'a', 'b'],
  ['-r', 'x', '-s', 'y'],
  ['-d', '-r', 'x'],
  ['-d'],
  ['-x'],
  ['-f'],
  ['-r', '/etc/hostname', '-p'],
  ['-r', '/etc/hostname', '-i', 'lo'],
];

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'flag errors agree with the real p0f', () => {
  for (const argv of CASES) {
    it(`p0f ${argv.join(' ')}`, () => {
      const real = spawnSync(REAL_P0F, argv, { argv0: 'p0f', encoding: 'latin1', timeout: 10_000 });
      expect(real.status).toBe(1);
      expect(ourStderr(argv)).toBe(real.stderr);
    });
  }
});

describe('parseP0fFlags', () => {
  it('reads every option, a single filter, and the p0f-ts additions', () => {
    const r = parseP0fFlags([
      '--compat', '3.09b', '--json', '--matcher=interpreted', '-f', 'db.fp', '-r', 'x.pcap', '-o', 'x.log',
      '-m', '10,20', '-t', '5,6', '-u', 'nobody', 'tcp port 80',
    ]);
    expect(r).toMatchObject({
      kind: 'run',
      options: {
        compat: true, json: true, matcher: 'interpreted', fpPath: 'db.fp', readFile: 'x.pcap', logFile: 'x.log',
        maxConnections: 10, maxHosts: 20, connectionMaxAgeSeconds: 5, hostIdleLimitMinutes: 6, user: 'nobody', filter: 'tcp port 80',
      },
    });
  });

  it('stops at the first non-option (getopt "+"): later dashes belong to the filter', () => {
    expect(parseP0fFlags(['-r', 'x', 'tcp', '-o'])).toMatchObject({ kind: 'fatal', message: 'Filter rule must be a single parameter (use quotes).' });
    expect(parseP0fFlags(['-r', 'x', '--', '-o'])).toMatchObject({ kind: 'run', options: { filter: '-o', logFile: null } });
  });

  it('-L acts as soon as it is reached; -h/--help ask for the usage text', () => {
    expect(parseP0fFlags(['-L', '-d', '-d'])).toEqual({ kind: 'list-interfaces' });
    expect(parseP0fFlags(['-d', '-d', '-L']).kind).toBe('fatal');
    expect(parseP0fFlags(['--help'])).toEqual({ kind: 'help' });
    expect(parseP0fFlags(['-h']).kind).toBe('help');
  });

  it('rejects bad values of our own options', () => {
    expect(parseP0fFlags(['--compat', '3.08']).kind).toBe('usage');
    expect(parseP0fFlags(['--matcher', 'fast']).kind).toBe('usage');
    expect(parseP0fFlags(['--frobnicate']).kind).toBe('usage');
  });

  it('notes -d without -u the way p0f does (stdout, not an error)', () => {
    expect(parseP0fFlags(['-d', '-o', 'x.log'])).toMatchObject({
      kind: 'run',
      options: { daemon: true, notes: ['[!] Consider specifying -u in daemon mode (see README).\n'] },
    });
  });

  it('scanPair behaves like sscanf("%u,%u")', () => {
    expect(scanPair('10,20x')).toEqual([10, 20]);
    expect(scanPair(' 3, 4,5')).toEqual([3, 4]);
    expect(scanPair('-1,2')).toEqual([4294967295, 2]);
    expect(scanPair('5')).toBeNull();
    expect(scanPair('a,5')).toBeNull();
  });
});
