/**
 * Reads the `raw_sig` p0f prints for a SYN or SYN+ACK (spec p0f-tcp-api §6.2) back into
 * a TcpObservation, so `explain` can replay a line from a log.
 *
 *   4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0
 *
 * The printed form loses a little: the raw window when p0f printed `mss*N`/`mtu*N`, and
 * the TS value. We rebuild a packet that p0f would print the same way: the window is
 * N times the first divisor that makes the detection give back the same `mss*N`/`mtu*N`,
 * and TSval is non-zero when there is a `ts` option and no `ts1-` quirk.
 */
import { QUIRKS, QUIRK_BIT, TcpObservation, TcpOption, type Quirk } from '../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier } from '../../runtime/fingerprint/window-multiplier.js';

/** The MSS p0f prints as `*` on a SYN+ACK (p0f-sendsyn's marker). */
export const SPECIAL_MSS = 1331;

export type RawSigParse =
  | {
      readonly ok: true;
      readonly observation: TcpObservation;
      readonly notes: readonly string[];
      /** Other raw windows p0f would print the same way (`mss*N` / `mtu*N` are ambiguous). */
      readonly alternativeWindows: readonly number[];
    }
  | { readonly ok: false; readonly error: string };

const OPTION_NAMES: Readonly<Record<string, number>> = {
  nop: TcpOption.nop,
  mss: TcpOption.mss,
  ws: TcpOption.ws,
  sok: TcpOption.sok,
  sack: TcpOption.sack,
  ts: TcpOption.ts,
};

/** Bytes each option takes on the wire, for the header length used by `mtu*N` detection. */
const OPTION_BYTES: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 4, 3: 3, 4: 2, 5: 10, 8: 10 };

export function parseTcpRawSig(text: string, peerMss = 0): RawSigParse {
  const fields = text.trim().split(':');
  if (fields.length !== 8) return fail(`expected 8 ':'-separated fields (ver:ttl:olen:mss:win,scale:options:quirks:pclass), got ${fields.length}`);
  const [ver, ttl, olen, mss, winScale, options, quirks, pclass] = fields as [string, string, string, string, string, string, string, string];
  const obs = new TcpObservation();
  const notes: string[] = [];

  if (ver !== '4' && ver !== '6') return fail(`IP version must be 4 or 6, got '${ver}'`);
  obs.ipVersion = ver === '4' ? 4 : 6;

  const ttlMatch = /^(\d{1,3})(?:\+(\d{1,3}|\?))?$/.exec(ttl);
  if (ttlMatch === null || Number(ttlMatch[1]) > 255) return fail(`TTL must be N, N+D or N+? with N in 0..255, got '${ttl}'`);
  obs.ttl = Number(ttlMatch[1]);

  const olenValue = decimal(olen, 255);
  if (olenValue === null) return fail(`IP option length must be 0..255, got '${olen}'`);
  obs.ipOptionLength = olenValue;

  if (mss === '*') {
    obs.mss = SPECIAL_MSS;
    notes.push(`mss '*' read as ${SPECIAL_MSS} (p0f prints a SYN+ACK with MSS ${SPECIAL_MSS} as '*')`);
  } else {
    const mssValue = decimal(mss, 65535);
    if (mssValue === null) return fail(`MSS must be '*' or 0..65535, got '${mss}'`);
    obs.mss = mssValue;
  }

  const comma = winScale.indexOf(',');
  if (comma < 0) return fail(`window field must be WINDOW,SCALE, got '${winScale}'`);
  const scaleValue = decimal(winScale.slice(comma + 1), 255);
  if (scaleValue === null) return fail(`window scale must be 0..255, got '${winScale.slice(comma + 1)}'`);
  obs.windowScale = scaleValue;

  const layoutError = readLayout(options, obs);
  if (layoutError !== null) return fail(layoutError);

  const quirkError = readQuirks(quirks, obs);
  if (quirkError !== null) return fail(quirkError);

  if (pclass !== '0' && pclass !== '+') return fail(`payload class must be 0 or +, got '${pclass}'`);
  obs.payloadClass = pclass === '+' ? 1 : 0;

  const hasTs = obs.layout.subarray(0, obs.layoutLength).includes(TcpOption.ts);
  obs.ts1 = hasTs && (obs.quirks & QUIRK_BIT['ts1-']) === 0 ? 1 : 0;
  obs.totalHeaderLength = headerLength(obs);

  const windows = readWindow(winScale.slice(0, comma), obs, peerMss, notes);
  if (typeof windows === 'string') return fail(windows);
  obs.window = windows[0] as number;
  return { ok: true, observation: obs, notes, alternativeWindows: windows.slice(1) };
}

function fail(error: string): RawSigParse {
  return { ok: false, error };
}

function decimal(text: string, max: number): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

function readLayout(text: string, obs: TcpObservation): string | null {
  if (text === '') return null;
  const names = text.split(',');
  if (names.length > obs.layout.length) return `too many options (${names.length}; p0f keeps at most ${obs.layout.length})`;
  for (const [i, name] of names.entries()) {
    const eol = /^eol\+(\d{1,3})$/.exec(name);
    const unknown = /^\?(\d{1,3})$/.exec(name);
    let kind: number;
    if (eol !== null) {
      if (i !== names.length - 1) return `'${name}' must be the last option`;
      obs.eolPad = Number(eol[1]);
      kind = TcpOption.eol;
    } else if (unknown !== null && Number(unknown[1]) <= 255) {
      kind = Number(unknown[1]);
    } else if (name in OPTION_NAMES) {
      kind = OPTION_NAMES[name] as number;
    } else {
      return `unknown TCP option '${name}' (expected eol+N, nop, mss, ws, sok, sack, ts or ?N)`;
    }
    obs.layout[i] = kind;
  }
  obs.layoutLength = names.length;
  return null;
}

function readQuirks(text: string, obs: TcpObservation): string | null {
  if (text === '') return null;
  for (const name of text.split(',')) {
    if (!(QUIRKS as readonly string[]).includes(name)) return `unknown quirk '${name}' (expected one of ${QUIRKS.join(', ')})`;
    obs.quirks |= QUIRK_BIT[name as Quirk];
  }
  return null;
}

function headerLength(obs: TcpObservation): number {
  const ip = obs.ipVersion === 4 ? 20 + obs.ipOptionLength : 40;
  let tcp = 20 + obs.eolPad;
  for (let i = 0; i < obs.layoutLength; i++) tcp += OPTION_BYTES[obs.layout[i] as number] ?? 2;
  return ip + tcp;
}

/**
 * `mss*N` / `mtu*N` name a multiple, not a window; try the divisors p0f tries, in its
 * order, and keep every window that p0f would print the same way (the first is used).
 */
function readWindow(text: string, obs: TcpObservation, peerMss: number, notes: string[]): number[] | string {
  const multiple = /^(mss|mtu)\*(\d{1,5})$/.exec(text);
  if (multiple === null) {
    const value = decimal(text, 65535);
    if (value === null) return `window must be a number, mss*N or mtu*N, got '${text}'`;
    return [value];
  }
  const useMtu = multiple[1] === 'mtu';
  const factor = Number(multiple[2]);
  const m = obs.mss;
  const divisors = [m, m - 12, 1460, 1448, 1440, 1428, m + 40, m + obs.totalHeaderLength, m + 60, 1500, peerMss, peerMss - 12];
  const detected = { multiplier: -1, useMtu: false };
  const windows: number[] = [];
  for (const divisor of divisors) {
    const window = divisor * factor;
    if (divisor <= 0 || window > 65535 || windows.includes(window)) continue;
    obs.window = window;
    detectWindowMultiplier(obs, peerMss, detected);
    if (detected.multiplier === factor && detected.useMtu === useMtu) windows.push(window);
  }
  if (windows.length === 0) return `no window of at most 65535 is printed as '${text}' with MSS ${m}${peerMss !== 0 ? ` and peer MSS ${peerMss}` : ''}`;
  if (windows.length > 1) notes.push(`window ${text} could be any of ${windows.join(', ')} (p0f prints them alike)`);
  return windows;
}
