/**
 * Differential test against the real p0f 3.09b: HTTP edge-case conversations are written
 * to a pcap, run through /usr/sbin/p0f and through our packet processor (compat mode),
 * and every http, NAT and uptime line (uptime reveals whether a flow survived) must agree.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayPcap } from '../process/fixtures/replay-tcp.js';
import { buildHttpPcap } from './fixtures/http-flow-pcap.js';
import { HTTP_NAT_SCENARIOS, HTTP_SCENARIOS } from './fixtures/http-scenarios.js';
import { REAL_P0F, runRealP0f } from './fixtures/run-real-p0f.js';
import { stockDatabase } from './fixtures/stock-database.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const COMPARED = /^mod=(http request|http response|host change|ip sharing|uptime)\|/;

function ourLines(pcap: Uint8Array, compat: boolean): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-http-ours-'));
  try {
    const file = join(dir, 'in.pcap');
    writeFileSync(file, pcap);
    return replayPcap(file, stockDatabase(), { compat }).lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('HTTP edge cases agree with the real p0f', () => {
  it('has the oracle binary', () => {
    expect(existsSync(REAL_P0F)).toBe(true);
  });

  const pcap = buildHttpPcap(HTTP_SCENARIOS.map((s) => s.conversation));
  const theirs = runRealP0f(pcap).filter((l) => COMPARED.test(l));
  const ours = ourLines(pcap, true).filter((l) => COMPARED.test(l));

  it('the scenarios produce http events at all', () => {
    expect(theirs.filter((l) => l.startsWith('mod=http')).length).toBeGreaterThan(40);
  });

  HTTP_SCENARIOS.forEach((scenario, index) => {
    it(scenario.name, () => {
      // Each conversation has its own client address 10.<i/256>.<i%256>.2 (see http-flow-pcap.ts).
      const tag = `|cli=${scenario.conversation.ipVersion === 6 ? `2001:db8:1:0:0:0:0:${(index + 1).toString(16)}` : `10.${index >> 8}.${index & 255}.2`}/`;
      expect(ours.filter((l) => l.includes(tag))).toEqual(theirs.filter((l) => l.includes(tag)));
    });
  });

  // Without --compat the response re-scan bug is fixed: a response split into segments
  // must read exactly like the same bytes in one segment do to the real p0f.
  const SPLIT = HTTP_SCENARIOS.filter((x) => /^(response split|response in three|blank line alone|re-scanned line)/.test(x.name));
  it('fixed mode: segmented responses read like unsegmented ones do in p0f', () => {
    expect(SPLIT.length).toBe(5);
    const merged = SPLIT.map((x) => ({
      ...x.conversation,
      segments: [
        ...x.conversation.segments.filter((g) => g.toServer),
        { toServer: false, data: x.conversation.segments.filter((g) => !g.toServer).map((g) => g.data).join('') },
      ],
    }));
    const expected = runRealP0f(buildHttpPcap(merged)).filter((l) => COMPARED.test(l));
    expect(expected.filter((l) => l.startsWith('mod=http response')).length).toBe(5);
    const fixed = ourLines(buildHttpPcap(SPLIT.map((x) => x.conversation)), false).filter((l) => COMPARED.test(l));
    expect(fixed).toEqual(expected);
  });

  it('HTTP NAT scoring across connections (via, ua_vs_os, srv_sig_lb, x_known)', () => {
    const natPcap = buildHttpPcap(HTTP_NAT_SCENARIOS);
    const expected = runRealP0f(natPcap).filter((l) => COMPARED.test(l));
    expect(expected.some((l) => l.startsWith('mod=host change') || l.startsWith('mod=ip sharing'))).toBe(true);
    expect(ourLines(natPcap, true).filter((l) => COMPARED.test(l))).toEqual(expected);
  });
});
