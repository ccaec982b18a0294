import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLogLine, formatLogTimestamp } from '../../../runtime/output/log-line.js';
import { formatAddress } from '../../../runtime/output/address-text.js';
import { parseP0fLogLine, recordToEvent } from '../../helpers/p0f-log.js';
import { describeWithCorpus, listCorpusCaptures } from '../../helpers/shared-corpus.js';

const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
});

describe('formatAddress', () => {
  it('prints IPv6 as eight groups without :: compression (spec 9.1)', () => {
    const a = new Uint8Array(16);
    a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = 0xb8; a[15] = 1;
    expect(formatAddress(6, a)).toBe('2001:db8:0:0:0:0:0:1');
    expect(formatAddress(6, new Uint8Array(16).fill(0xff))).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(formatAddress(4, Uint8Array.of(10, 0, 0, 255))).toBe('10.0.0.255');
  });
});

describe('formatLogTimestamp', () => {
  it('uses the local time zone of the process (TZ)', () => {
    process.env.TZ = 'UTC';
    expect(formatLogTimestamp(1700000000)).toBe('[2023/11/14 22:13:20]');
    process.env.TZ = 'America/New_York';
    expect(formatLogTimestamp(1700000001)).toBe('[2023/11/14 17:13:21]');
  });
});

describeWithCorpus('formatLogLine reproduces the real p0f log lines', () => {
  it('every line of every recorded corpus log, byte for byte', () => {
    process.env.TZ = 'UTC';
    let lines = 0;
    const mismatches: string[] = [];
    for (const capture of listCorpusCaptures()) {
      for (const line of readFileSync(capture.logVariants[0], 'latin1').split('\n')) {
        if (line === '') continue;
        const record = parseP0fLogLine(line);
        expect(record, line).not.toBeNull();
        const ours = formatLogLine(recordToEvent(record!));
        if (ours !== line + '\n') mismatches.push(`${line}\n${ours}`);
        lines++;
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(lines).toBeGreaterThan(1000);
  });
});

