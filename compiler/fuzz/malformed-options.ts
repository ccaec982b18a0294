/**
 * How to put an option layout on the wire so that p0f also sets its `bad` quirk (spec
 * §3.5). p0f sets `bad` in exactly three ways, and each keeps the layout it records:
 *
 * - `wrong-length`: an mss, ws, sok or ts option carries a non-standard length byte. p0f
 *   still reads it at the standard size and place, so every value survives.
 * - `cut-last`: the last option is cut short (or, for sack and unknown kinds, given a
 *   length p0f rejects). Its kind is recorded, then parsing stops; an mss, ws or ts cut
 *   this way sets no value (and no `ts1-`/`ts2+`/`exws`).
 * - `trailing`: 24 options, then bytes p0f never reads (it parses at most 24).
 *
 * Nothing else works: NOPs cannot be malformed, and an EOL swallows every byte after it.
 */
import type { Realised } from './synthesize.js';

export type BadOptionsPlan =
  | { readonly kind: 'wrong-length'; readonly candidates: readonly number[] }
  | { readonly kind: 'cut-last'; readonly bytes: number }
  | { readonly kind: 'trailing'; readonly bytes: number };

const EOL = 0;
const NOP = 1;
const MSS = 2;
const WS = 3;
const SOK = 4;
const SACK = 5;
const TS = 8;

/** Kinds p0f reads at a fixed size and whose length byte it only checks. */
const FIXED_SIZE = new Set([MSS, WS, SOK, TS]);
/** Variable-length kinds and the longest length p0f accepts for them. */
export function maxVariableLength(kind: number): number {
  if (kind === SACK) return 34;
  return kind === EOL || kind === NOP || FIXED_SIZE.has(kind) ? 0 : 40;
}

/** Bytes an option takes when well formed (the shortest form for sack and unknown kinds). */
export function standardOptionBytes(kind: number, eolPad: number): number {
  switch (kind) {
    case EOL: return 1 + eolPad;
    case NOP: return 1;
    case MSS: return 4;
    case WS: return 3;
    case SOK: return 2;
    case SACK: return 10;
    case TS: return 10;
    default: return 2;
  }
}

/** The most bytes a cut-short last option may take and still make p0f stop (kind byte included). */
function maxCutBytes(kind: number): number {
  switch (kind) {
    case MSS: return 3; // kind + at most 2 of the 3 bytes p0f needs
    case WS: return 2;
    case SOK: return 1; // only the kind byte, at the very end
    case TS: return 9;
    default: return 4; // sack / unknown: any size, the length byte is made invalid
  }
}

/** Room to grow a variable-length option (not at `exclude`) to fill the header's last word. */
function growRoom(layout: readonly number[], exclude: number): number {
  let room = 0;
  layout.forEach((kind, i) => {
    if (i !== exclude) room = Math.max(room, maxVariableLength(kind) - standardOptionBytes(kind, 0));
  });
  return room;
}

const OPTION_NAMES: { readonly [kind: number]: string } = { 0: 'eol', 1: 'nop', 2: 'mss', 3: 'ws', 4: 'sok', 5: 'sack', 8: 'ts' };
const nameOf = (kind: number): string => OPTION_NAMES[kind] ?? `?${kind}`;

/** A layout as p0f.fp writes it (without the eol padding). */
export function layoutNames(layout: readonly number[]): string {
  return layout.map(nameOf).join(',');
}

/**
 * The way to get `bad` for this layout, or why p0f can never report `bad` with it.
 * Prefers `wrong-length` (no value is lost), then `trailing`, then `cut-last`.
 */
export function planBadOptions(layout: readonly number[], eolPad: number): Realised<BadOptionsPlan> {
  const total = layout.reduce((n, kind) => n + standardOptionBytes(kind, eolPad), 0);
  const fits = (bytes: number, exclude: number): boolean => bytes <= 40 && (bytes % 4 === 0 || (4 - (bytes % 4)) % 4 <= growRoom(layout, exclude));
  const candidates = layout.flatMap((kind, i) => (FIXED_SIZE.has(kind) ? [i] : []));
  if (candidates.length > 0 && fits(total, -1)) return { ok: true, value: { kind: 'wrong-length', candidates } };
  const text = layout.length === 0 ? 'an empty layout' : `layout ${layoutNames(layout)}`;
  if (layout.includes(EOL)) {
    return { ok: false, reason: `'bad' cannot be produced with ${text}: its eol swallows every later byte, and no mss, ws, sok or ts option can carry a wrong length${candidates.length > 0 ? ` within ${total} bytes padded to a 4-byte boundary` : ''}` };
  }
  if (layout.length === 24) {
    const bytes = 4 - (total % 4);
    if (total + bytes <= 40) return { ok: true, value: { kind: 'trailing', bytes } };
  }
  const last = layout.length - 1;
  const lastKind = layout[last];
  if (lastKind !== undefined && lastKind !== NOP) {
    const prefix = total - standardOptionBytes(lastKind, eolPad);
    for (let bytes = 1; bytes <= maxCutBytes(lastKind); bytes++) {
      if (fits(prefix + bytes, last)) return { ok: true, value: { kind: 'cut-last', bytes } };
    }
  }
  if (lastKind === undefined) return { ok: false, reason: `'bad' cannot be produced with ${text}: there is no option to malform` };
  const why = [
    candidates.length === 0 ? 'no mss, ws, sok or ts to give a wrong length byte' : `with a wrong length byte the options still take ${total} bytes, ${total > 40 ? 'over 40' : 'and the zero padding to a 4-byte boundary would read as an eol'}`,
    lastKind === NOP ? 'the last option is a nop, which cannot be cut short' : `cutting the last ${nameOf(lastKind)} short cannot end the options on a 4-byte boundary`,
    layout.length < 24 ? 'fewer than 24 options, so nothing is left unread' : 'no room after the 24 options for bytes p0f leaves unread',
  ];
  return { ok: false, reason: `'bad' cannot be produced with ${text}: ${why.join('; ')}` };
}

/** Which values a plan leaves unset: a cut-short mss, ws or ts that is the only one of its kind. */
export function valuesLostByPlan(plan: BadOptionsPlan, layout: readonly number[]): { readonly mss: boolean; readonly ws: boolean; readonly ts: boolean } {
  if (plan.kind !== 'cut-last') return { mss: false, ws: false, ts: false };
  const cut = layout[layout.length - 1];
  const only = (kind: number): boolean => cut === kind && layout.indexOf(kind) === layout.length - 1;
  return { mss: only(MSS), ws: only(WS), ts: only(TS) };
}

/** Bytes of the TCP option area (a multiple of 4) when the layout is built with `plan`. */
export function optionAreaBytes(layout: readonly number[], eolPad: number, plan: BadOptionsPlan | null): number {
  let total = layout.reduce((n, kind) => n + standardOptionBytes(kind, eolPad), 0);
  if (plan?.kind === 'cut-last') total += plan.bytes - standardOptionBytes(layout[layout.length - 1]!, eolPad);
  if (plan?.kind === 'trailing') total += plan.bytes;
  return (total + 3) & ~3;
}

/** Length bytes p0f rejects for a fixed-size option: everything but the standard one. */
export function wrongLengthByte(kind: number, variant: number): number {
  const standard = standardOptionBytes(kind, 0);
  const pool = [0, 1, standard - 1, standard + 1, 40, 255].filter((v) => v !== standard);
  return pool[variant % pool.length]!;
}

/**
 * The bytes of a last option cut to `bytes` so that p0f stops there: the kind, then a
 * length byte, then zeros. A fixed-size option runs out of bytes before p0f reads its
 * value, so its length byte looks real. A sack or unknown option gets a length p0f
 * refuses: below its minimum, above its maximum, or valid but past the end.
 */
export function cutOptionBytes(kind: number, bytes: number, variant: number): Uint8Array {
  const raw = new Uint8Array(bytes);
  raw[0] = kind;
  if (bytes < 2) return raw;
  if (FIXED_SIZE.has(kind)) raw[1] = standardOptionBytes(kind, 0);
  else if (kind === SACK) raw[1] = [0, 1, 9, 35, 255, bytes + 10][variant % 6]!;
  else raw[1] = [0, 1, 41, 255, bytes + 10][variant % 5]!;
  return raw;
}
