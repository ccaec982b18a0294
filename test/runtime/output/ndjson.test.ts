import { describe, expect, it } from 'vitest';
import { formatIsoTime, formatNdjson, NDJSON_SCHEMA } from '../../../runtime/output/ndjson.js';

describe('formatNdjson', () => {
  it('writes one versioned object per line with separate addresses and ports, text fields and typed data', () => {
    const v6 = new Uint8Array(16);
    v6[0] = 0x20; v6[1] = 0x01; v6[15] = 4;
    const line = formatNdjson({
      keyword: 'syn',
      time: { seconds: 1700000000, microseconds: 42 },
      client: { ipVersion: 6, address: v6, port: 40000 },
      server: { ipVersion: 6, address: v6, port: 80 },
      subject: 'cli',
      fields: [{ key: 'os', value: null }, { key: 'dist', value: '0' }],
      data: { distance: 0, match: { kind: 'none' }, big: 5n },
    });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const obj = JSON.parse(line);
    expect(obj).toMatchObject({
      schema: NDJSON_SCHEMA,
      mod: 'syn',
      time: '2023-11-14T22:13:20.000042Z',
      ts_sec: 1700000000,
      ts_usec: 42,
      ip_version: 6,
      cli_addr: '2001:0:0:0:0:0:0:4',
      cli_port: 40000,
      srv_port: 80,
      subj: 'cli',
      fields: { os: null, dist: '0' },
      data: { distance: 0, match: { kind: 'none' }, big: '5' },
    });
  });

  it('formats times in UTC regardless of TZ', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    expect(formatIsoTime(0, 999999)).toBe('1970-01-01T00:00:00.999999Z');
    process.env.TZ = saved;
  });
});
