import { guessDistance } from './ttl.js';
import { QUIRKS, type TcpObservation } from './tcp-types.js';
// A SYN+ACK echoing p0f-sendsyn's MSS prints `*`.
import { SENDSYN_MSS } from './tcp-fingerprint.js';
import { detectWindowMultiplier, type WindowMultiplier } from './window-multiplier.js';

/** Largest guessed distance printed as a number (p0f's MAX_DIST). */
const MAX_DIST = 35;

const scratch: WindowMultiplier = { multiplier: -1, useMtu: false };

function optionName(kind: number, eolPad: number): string {
  switch (kind) {
    case 0: return `eol+${eolPad}`;
    case 1: return 'nop';
    case 2: return 'mss';
    case 3: return 'ws';
    case 4: return 'sok';
    case 5: return 'sack';
    case 8: return 'ts';
    default: return `?${kind}`;
  }
}

/**
 * p0f's `raw_sig` for a SYN or SYN+ACK (§6.2):
 * `ver:ttl+guess:olen:mss:wsize,wscale:olayout:quirks:pclass`.
 * `peerMss` is the MSS of the flow's SYN (0 for a SYN).
 */
export function formatTcpRawSig(obs: TcpObservation, peerMss: number, isSynAck: boolean): string {
  const guess = guessDistance(obs.ttl);
  const ttl = guess > MAX_DIST ? `${obs.ttl}+?` : `${obs.ttl}+${guess}`;
  const mss = isSynAck && obs.mss === SENDSYN_MSS ? '*' : String(obs.mss);
  const wm = detectWindowMultiplier(obs, peerMss, scratch);
  const win = wm.multiplier > 0 ? `${wm.useMtu ? 'mtu' : 'mss'}*${wm.multiplier}` : String(obs.window);
  let layout = '';
  for (let i = 0; i < obs.layoutLength; i++) {
    if (i > 0) layout += ',';
    layout += optionName(obs.layout[i], obs.eolPad);
  }
  let quirks = '';
  for (let i = 0; i < QUIRKS.length; i++) {
    if (obs.quirks & (1 << i)) quirks += quirks === '' ? QUIRKS[i] : `,${QUIRKS[i]}`;
  }
  return `${obs.ipVersion}:${ttl}:${obs.ipOptionLength}:${mss}:${win},${obs.windowScale}:${layout}:${quirks}:${obs.payloadClass === 1 ? '+' : '0'}`;
}
