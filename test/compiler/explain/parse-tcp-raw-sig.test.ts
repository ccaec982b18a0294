import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTcpRawSig, SPECIAL_MSS } from '../../../compiler/explain/parse-tcp-raw-sig.js';
import { layoutText, quirkText } from '../../../compiler/explain/explain-tcp.js';
import { guessDistance } from '../../../runtime/fingerprint/ttl.js';
import { detectWindowMultiplier } from '../../../runtime/fingerprint/window-multiplier.js';
import type { TcpObservation } from '../../../runtime/fingerprint/tcp-types.js';
import { CORPUS, loggedTcpObservations } from './corpus-observations.js';

/** p0f's raw_sig printing (spec §6.2), to check the parser round-trips what p0f printed. */
function printRawSig(obs: TcpObservation, peerMss: number, synAck: boolean): string {
  const g = guessDistance(obs.ttl);
  const win = detectWindowMultiplier(obs, peerMss, { multiplier: -1, useMtu: false });
  const window = win.multiplier > 0 ? `${win.useMtu ? 'mtu' : 'mss'}*${win.multiplier}` : String(obs.window);
  const mss = synAck && obs.mss === SPECIAL_MSS ? '*' : String(obs.mss);
  const layout = layoutText(Array.from(obs.layout.subarray(0, obs.layoutLength)), obs.eolPad);
  return [obs.ipVersion, `${obs.ttl}+${g > 35 ? '?' : g}`, obs.ipOptionLength, mss, `${window},${obs.windowScale}`, layout, quirkText(obs.quirks), obs.payloadClass === 1 ? '+' : '0'].join(':');
}

describe('parseTcpRawSig', () => {
  it('reads the documented example', () => {
    const parsed = parseTcpRawSig('4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const obs = parsed.observation;
    expect([obs.ipVersion, obs.ttl, obs.mss, obs.window, obs.windowScale, obs.layoutLength, obs.ts1]).toEqual([4, 64, 1460, 29200, 7, 5, 1]);
    expect(quirkText(obs.quirks)).toBe('df,id+');
  });
  it('reads +? TTLs, * MSS, eol padding and unknown options', () => {
    const parsed = parseTcpRawSig('4:192+?:0:*:1337,0:mss,?30,eol+18::+');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.observation.ttl).toBe(192);
    expect(parsed.observation.mss).toBe(SPECIAL_MSS);
    expect(Array.from(parsed.observation.layout.subarray(0, 3))).toEqual([2, 30, 0]);
    expect(parsed.observation.eolPad).toBe(18);
    expect(parsed.observation.payloadClass).toBe(1);
  });
  it('rebuilds an mtu*N window from the MSS+40 divisor', () => {
    const parsed = parseTcpRawSig('4:64+0:20:1000:mtu*3,7:mss,sok,nop,ws,eol+1:df,id+:0');
    expect(parsed.ok && parsed.observation.window).toBe(3 * 1040);
  });
  it.each([
    ['4:64+0:0:1460', /8 ':'-separated fields/],
    ['5:64+0:0:1460:mss*20,7:mss:df:0', /IP version/],
    ['4:300:0:1460:mss*20,7:mss:df:0', /TTL/],
    ['4:64:0:1460:mss*20:mss:df:0', /WINDOW,SCALE/],
    ['4:64:0:1460:mss*20,7:mss,foo:df:0', /unknown TCP option 'foo'/],
    ['4:64:0:1460:mss*20,7:eol+0,mss:df:0', /must be the last option/],
    ['4:64:0:1460:mss*20,7:mss:df,zz:0', /unknown quirk 'zz'/],
    ['4:64:0:1460:mss*20,7:mss:df:1', /payload class/],
    ['4:64:0:1460:mss*99,7:mss:df:0', /no window/],
  ])('rejects %s', (text, message) => {
    const parsed = parseTcpRawSig(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
  it('round-trips every syn/syn+ack raw_sig the real p0f printed in the corpus', () => {
    expect(existsSync(CORPUS)).toBe(true);
    const logged = loggedTcpObservations();
    expect(logged.length).toBeGreaterThan(1000);
    const mismatches: string[] = [];
    for (const entry of logged) {
      const parsed = parseTcpRawSig(entry.rawSig, entry.peerMss);
      const printed = parsed.ok ? printRawSig(parsed.observation, entry.peerMss, entry.mod === 'syn+ack') : parsed.error;
      if (printed !== entry.rawSig) mismatches.push(`${entry.rawSig} -> ${printed}`);
    }
    expect(mismatches).toEqual([]);
  });
});
