import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTcpTables } from '../../../compiler/tables/build-tables.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { QUIRK_BIT } from '../../../runtime/fingerprint/tcp-types.js';
import { TCP_ROW, WINDOW_KIND } from '../../../runtime/match/tables.js';

const text = [
  'classes = unix',
  '[tcp:request]',
  'label = s:unix:A:',
  'sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+,flow:0',
  'label = g:unix:B:',
  'sig = 4:128-:04:1460:%512,*:mss:id-:+',
  'label = s:!:C:',
  'sys = @unix',
  'sig = 6:64:0:*:mtu*4,0:mss,sok,ts,nop,ws:flow:*',
  '[mtu]',
  'label = second',
  'sig = 1500',
  'label = first',
  'sig = 576',
  'label = later',
  'sig = 1500',
  '',
].join('\n');

describe('buildTcpTables', () => {
  const db = loadDatabase(text, 't.fp').database!;
  const tables = buildTcpTables(db);

  it('groups candidates by layout in order of first appearance, rows in file order', () => {
    expect(tables.request.signatureCount).toBe(3);
    expect(tables.request.groups.map((g) => g.layout)).toEqual([[2, 4, 8, 1, 3], [2]]);
    expect(tables.request.groups[0]!.rows.map((r) => r[TCP_ROW.signature])).toEqual([0, 2]);
    expect(tables.response.groups).toEqual([]);
  });

  it('precomputes the quirks a * signature is compared with, per packet version', () => {
    const row = tables.request.groups[0]!.rows[0]!;
    expect(row[TCP_ROW.quirksV4]).toBe(QUIRK_BIT.df | QUIRK_BIT['id+']);
    expect(row[TCP_ROW.quirksV6]).toBe(QUIRK_BIT.flow);
    const v6only = tables.request.groups[0]!.rows[1]!;
    expect([v6only[TCP_ROW.quirksV4], v6only[TCP_ROW.quirksV6]]).toEqual([QUIRK_BIT.flow, QUIRK_BIT.flow]);
  });

  it('flattens every field', () => {
    const b = tables.request.groups[1]!.rows[0]!;
    expect(b).toEqual([1, QUIRK_BIT['id-'], QUIRK_BIT['id-'], 128, 1, 4, 0, 1460, -1, 1, WINDOW_KIND.mod, 512, 1, 0]);
    const c = tables.request.groups[0]!.rows[1]!;
    expect([c[TCP_ROW.windowKind], c[TCP_ROW.windowValue], c[TCP_ROW.userland], c[TCP_ROW.payloadClass], c[TCP_ROW.generic]]).toEqual([WINDOW_KIND.mtu, 4, 1, -1, 0]);
  });

  it('keeps the first MTU label per value, sorted by MTU', () => {
    expect(tables.mtu.entries).toEqual([[576, 'first'], [1500, 'second']]);
  });

  it('builds the upstream tables well under a second', () => {
    const upstream = loadDatabase(readFileSync('/etc/p0f/p0f.fp', 'latin1'), '/etc/p0f/p0f.fp').database!;
    const t0 = performance.now();
    const t = buildTcpTables(upstream);
    expect(performance.now() - t0).toBeLessThan(250);
    expect(t.request.groups.reduce((n, g) => n + g.rows.length, 0)).toBe(upstream.tcpRequest.length);
  });
});
