/**
 * parseHttpDate against glibc itself: a small C probe runs strptime + mktime (TZ=UTC,
 * tm_isdst = 0) as p0f's parse_date() does, on hand-picked and random values.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../../runtime/fingerprint/http-date.js';

const PROBE_SOURCE = fileURLToPath(new URL('./fixtures/http-date-probe.c', import.meta.url));
const GCC = '/usr/bin/gcc';

const SAMPLES = [
  'Sun, 09 Nov 2014 18:00:00 GMT', 'Sunday, 09 Nov 2014 18:00:00 GMT', 'sun, 9 nov 2014 18:00:00 GMT',
  'Mon, 31 Feb 2014 23:59:61 GMT', 'Tue,09 Nov 2014 18:00:00', 'Wed , 09 Nov 2014 18:00:00 GMT',
  ' Thu, 09 Nov 2014 18:00:00 GMT', 'Fri, 09 November 2014 18:00:00 +0100', 'Sat, 09 Nov 14 18:00:00 XYZ',
  'Sat, 09 Nov 0 0:0:0', 'Sat, 45 Nov 2014 18:00:00', 'Sat, 09 Nov 2014 24:00:00', 'Sat, 09 Nov 2014 18:60:00',
  'Sat, 09 Nov 2014 18:00:62', 'Sat, 09 Nov 2014 30:00:00', 'Sat, 09 Nov 20145 18:00:00', 'Sat,  9 Nov 2014 8:5:3',
  'Sat, 09 Nov 2014 18:00', 'Sat, 09 Nov 2014', 'Sat,\t09\tNov\t2014\t18:00:00\tGMT', 'Satu, 09 Nov 2014 18:00:00',
  'Sat, 09 Mai 2014 18:00:00', 'Sat, 09 Nov 1969 23:59:59 GMT', 'Sat, 09 Nov 2106 06:28:16 GMT',
  'Sat, 09 Nov 9999 23:59:59', 'Sat, 09 Nov 2014 18:00:00GMT', 'Sat, 0 Nov 2014 18:00:00', 'Sat, 09Nov2014 18:00:00',
  'Sat, 09 Nov 2014 1 8:00:00', '', 'x', 'Sat', 'Sat,', 'Thursday, 01 January 1970 00:00:00 GMT',
  'Thu, 01 Jan 1970 00:00:01 GMT', 'Wed, 29 Feb 2012 12:00:00 GMT', 'Wed, 29 Feb 2013 12:00:00 GMT',
];

const token = fc.constantFrom(
  'Sun', 'Monday', 'tue', 'WED', 'Thursday', ',', ' ', '  ', '\t', 'Nov', 'january', 'Feb', 'DEC', 'Mai',
  '0', '1', '09', '31', '32', '99', '2014', '1969', '12345', ':', '00', '59', '60', '61', '23', '24', 'GMT', '+0100', 'x',
);
const structured = fc
  .tuple(
    fc.constantFrom('Sun', 'Mon', 'Tuesday', 'wed', 'Thu', 'Fri', 'Saturday', 'Xyz'),
    fc.constantFrom(',', ', ', ' ,', ',  '),
    fc.integer({ min: 0, max: 40 }),
    fc.constantFrom(' Jan ', ' feb ', ' March ', ' Sep ', ' DECEMBER ', ' ', ' Foo '),
    fc.integer({ min: 0, max: 12000 }),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 65 }),
    fc.integer({ min: 0, max: 65 }),
    fc.constantFrom(' GMT', '', ' +0200', 'Z', ' '),
  )
  .map(([a, c, d, b, y, H, M, S, z]) => `${a}${c}${d}${b}${y} ${H}:${M}:${S}${z}`);

const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-date-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function glibc(values: readonly string[]): number[] {
  const probe = join(dir, 'probe');
  if (!existsSync(probe)) execFileSync(GCC, ['-O0', '-o', probe, PROBE_SOURCE]);
  const out = execFileSync(probe, { input: Buffer.from(values.map((v) => `${v}\n`).join(''), 'latin1'), env: { ...process.env, TZ: 'UTC' } });
  return out.toString('latin1').trim().split('\n').map(Number);
}

describe('parseHttpDate agrees with glibc strptime + mktime', () => {
  it('has a C compiler for the probe', () => {
    expect(existsSync(GCC)).toBe(true);
  });

  it('hand-picked values', () => {
    const expected = glibc(SAMPLES);
    expect(expected[0]).toBe(1415556000);
    expect(SAMPLES.map(parseHttpDate)).toEqual(expected);
  });

  it('random values built from date tokens', () => {
    const values = fc.sample(fc.oneof(structured, fc.array(token, { maxLength: 14 }).map((t) => t.join(''))), { numRuns: 3000, seed: 4242 });
    const expected = glibc(values);
    const mismatches = values.map((v, i) => [v, parseHttpDate(v), expected[i]] as const).filter(([, a, b]) => a !== b);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
