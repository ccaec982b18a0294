import { QUIRK_BIT, type TcpObservation } from '../fingerprint/tcp-types.js';

const MAX_TCP_OPT = 24;
const Q_OPT_EXTRA = QUIRK_BIT['opt+'];
const Q_BAD = QUIRK_BIT.bad;
const Q_EXWS = QUIRK_BIT.exws;
const Q_TS1_ZERO = QUIRK_BIT['ts1-'];
const Q_TS2_NZ = QUIRK_BIT['ts2+'];

function u32(d: Uint8Array, p: number): number {
  return ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
}

/**
 * Parses the TCP options in `data[start..end)` the way p0f does (§3.5): each kind is
 * recorded before its length is checked, wrong lengths of MSS/WS/SACKOK/TS only set
 * `bad` and still advance by the standard size, and a non-zero byte in the last EOL
 * padding position is not flagged `opt+`. Fills layout, eolPad, mss, windowScale, ts1
 * and ORs option quirks into `obs.quirks`. `isPureSyn` enables the `ts2+` check.
 */
export function decodeTcpOptions(data: Uint8Array, start: number, end: number, isPureSyn: boolean, obs: TcpObservation): void {
  const layout = obs.layout;
  let count = 0;
  let quirks = obs.quirks;
  let p = start;
  obs.eolPad = 0;
  obs.mss = 0;
  obs.windowScale = 0;
  obs.ts1 = 0;
  let aborted = false;

  scan: while (p < end && count < MAX_TCP_OPT) {
    const kind = data[p];
    layout[count++] = kind;
    p++;
    switch (kind) {
      case 0: {
        obs.eolPad = end - p;
        while (p < end) {
          const b = data[p++];
          if (b !== 0) break;
        }
        if (p !== end) {
          quirks |= Q_OPT_EXTRA;
          p = end;
        }
        break;
      }
      case 1:
        break;
      case 2:
        if (p + 3 > end) { aborted = true; break scan; }
        if (data[p] !== 4) quirks |= Q_BAD;
        obs.mss = (data[p + 1] << 8) | data[p + 2];
        p += 3;
        break;
      case 3: {
        if (p + 2 > end) { aborted = true; break scan; }
        if (data[p] !== 3) quirks |= Q_BAD;
        const ws = data[p + 1];
        obs.windowScale = ws;
        if (ws > 14) quirks |= Q_EXWS;
        p += 2;
        break;
      }
      case 4:
        if (p + 1 > end) { aborted = true; break scan; }
        if (data[p] !== 2) quirks |= Q_BAD;
        p += 1;
        break;
      case 5: {
        if (p === end) { aborted = true; break scan; }
        const l = data[p];
        if (l < 10 || l > 34 || p - 1 + l > end) { aborted = true; break scan; }
        p += l - 1;
        break;
      }
      case 8: {
        if (p + 9 > end) { aborted = true; break scan; }
        if (data[p] !== 10) quirks |= Q_BAD;
        const ts1 = u32(data, p + 1);
        obs.ts1 = ts1;
        if (ts1 === 0) quirks |= Q_TS1_ZERO;
        if (isPureSyn && u32(data, p + 5) !== 0) quirks |= Q_TS2_NZ;
        p += 9;
        break;
      }
      default: {
        if (p === end) { aborted = true; break scan; }
        const l = data[p];
        if (l < 2 || l > 40 || p - 1 + l > end) { aborted = true; break scan; }
        p += l - 1;
        break;
      }
    }
  }
  if (aborted || p !== end) quirks |= Q_BAD;
  obs.layoutLength = count;
  obs.quirks = quirks;
}
