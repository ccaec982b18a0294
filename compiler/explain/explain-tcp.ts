/**
 * Why p0f picked what it picked for one SYN or SYN+ACK: every signature of the direction
 * is checked field by field (spec p0f-tcp-api §5.2), and the outcome is taken from the
 * reference matcher itself, so the explanation can never disagree with matching.
 */
import { QUIRKS, QUIRK_BIT, type Direction, type QuirkSet, type TcpObservation, type TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier, type WindowMultiplier } from '../../runtime/fingerprint/window-multiplier.js';
import type { TcpMatchResult } from '../../runtime/match/match-result.js';
import { FUZZY_ADDABLE, FUZZY_DELETABLE, interpretTcpMatch, MAX_DIST } from '../../runtime/match/tcp-interpreter.js';
import { STRIP_FOR_V4, STRIP_FOR_V6 } from '../../runtime/match/tables.js';

export type TcpField = 'layout' | 'quirks' | 'eol' | 'olen' | 'ttl' | 'mss' | 'scale' | 'pclass' | 'window';

export interface FieldVerdict {
  readonly field: TcpField;
  /** `fuzzy`: tolerated, but only as a fuzzy match. */
  readonly verdict: 'ok' | 'fuzzy' | 'fail';
  readonly detail: string;
}

/** What a signature would give on its own, ignoring the others. */
export type CandidateFit = 'exact' | 'generic' | 'fuzzy' | 'none';

export interface TcpCandidate {
  readonly signature: TcpSignature;
  readonly fields: readonly FieldVerdict[];
  readonly fit: CandidateFit;
  readonly winner: boolean;
  /** For a fitting signature that did not win: why not. */
  readonly note: string | null;
}

export interface TcpExplanation {
  readonly direction: Direction;
  readonly result: TcpMatchResult;
  readonly window: WindowMultiplier;
  /** The winner first, then the nearest other signatures, best first. */
  readonly candidates: readonly TcpCandidate[];
  /** How many signatures the direction has. */
  readonly considered: number;
}

export function explainTcp(
  signatures: readonly TcpSignature[],
  obs: TcpObservation,
  direction: Direction,
  peerMss: number,
  nearest = 5,
): TcpExplanation {
  const result = interpretTcpMatch(signatures, obs, peerMss);
  const window = detectWindowMultiplier(obs, peerMss, { multiplier: -1, useMtu: false });
  const winner = result.kind === 'match' ? result.signature : null;
  const checked = signatures.map((signature) => {
    const fields = checkFields(signature, obs, window);
    return { signature, fields, fit: fitOf(signature, fields) };
  });
  // p0f keeps only the first fuzzy candidate in file order.
  const firstFuzzy = checked.find((c) => c.fit === 'fuzzy')?.signature ?? null;
  const all = checked.map(({ signature, fields, fit }, index) => {
    const candidate: TcpCandidate = { signature, fields, fit, winner: signature === winner, note: noteFor(signature, fit, result, firstFuzzy) };
    return { index, candidate, rank: candidate.winner ? 0 : rank(candidate, obs) };
  });
  const ranked = all
    .filter((c) => !c.candidate.winner)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, nearest)
    .map((c) => c.candidate);
  const winning = all.filter((c) => c.candidate.winner).map((c) => c.candidate);
  return { direction, result, window, candidates: [...winning, ...ranked], considered: signatures.length };
}

function checkFields(sig: TcpSignature, obs: TcpObservation, win: WindowMultiplier): FieldVerdict[] {
  const out: FieldVerdict[] = [];
  const packetLayout = layoutText(Array.from(obs.layout.subarray(0, obs.layoutLength)), obs.eolPad);
  const sigLayout = layoutText(sig.layout, sig.eolPad);
  const sameLayout = sig.layout.length === obs.layoutLength && sig.layout.every((k, i) => k === obs.layout[i]);
  out.push(sameLayout
    ? { field: 'layout', verdict: 'ok', detail: `options ${sigLayout || '(none)'}` }
    : { field: 'layout', verdict: 'fail', detail: `options differ: signature ${sigLayout || '(none)'}, packet ${packetLayout || '(none)'}` });

  let sigQuirks = sig.quirks;
  if (sig.ipVersion === 'any') sigQuirks &= ~(obs.ipVersion === 4 ? STRIP_FOR_V4 : STRIP_FOR_V6);
  if (sigQuirks === obs.quirks) {
    out.push({ field: 'quirks', verdict: 'ok', detail: `quirks ${quirkText(sigQuirks) || '(none)'}` });
  } else {
    const deleted = sigQuirks & ~obs.quirks;
    const added = obs.quirks & ~sigQuirks;
    const tolerable = (deleted & ~FUZZY_DELETABLE) === 0 && (added & ~FUZZY_ADDABLE) === 0;
    const parts = [];
    if (deleted !== 0) parts.push(`signature has ${quirkText(deleted)} the packet lacks`);
    if (added !== 0) parts.push(`packet has ${quirkText(added)} the signature lacks`);
    const why = tolerable ? ' (p0f tolerates df/id+ missing and id-/ecn extra, as fuzzy)' : '';
    out.push({ field: 'quirks', verdict: tolerable ? 'fuzzy' : 'fail', detail: `${parts.join('; ')}${why}` });
  }

  out.push(sig.eolPad === obs.eolPad
    ? { field: 'eol', verdict: 'ok', detail: `eol padding ${sig.eolPad}` }
    : { field: 'eol', verdict: 'fail', detail: `eol padding: signature ${sig.eolPad}, packet ${obs.eolPad}` });
  out.push(sig.ipOptionLength === obs.ipOptionLength
    ? { field: 'olen', verdict: 'ok', detail: `IP option length ${sig.ipOptionLength}` }
    : { field: 'olen', verdict: 'fail', detail: `IP option length: signature ${sig.ipOptionLength}, packet ${obs.ipOptionLength}` });

  out.push(ttlVerdict(sig, obs));

  out.push(sig.mss === -1 || sig.mss === obs.mss
    ? { field: 'mss', verdict: 'ok', detail: `mss ${sig.mss === -1 ? '* (any)' : sig.mss}` }
    : { field: 'mss', verdict: 'fail', detail: `mss: signature ${sig.mss}, packet ${obs.mss}` });
  out.push(sig.windowScale === -1 || sig.windowScale === obs.windowScale
    ? { field: 'scale', verdict: 'ok', detail: `window scale ${sig.windowScale === -1 ? '* (any)' : sig.windowScale}` }
    : { field: 'scale', verdict: 'fail', detail: `window scale: signature ${sig.windowScale}, packet ${obs.windowScale}` });
  const pclass = (v: number): string => (v === -1 ? '*' : v === 0 ? '0' : '+');
  out.push(sig.payloadClass === -1 || sig.payloadClass === obs.payloadClass
    ? { field: 'pclass', verdict: 'ok', detail: `payload class ${pclass(sig.payloadClass)}` }
    : { field: 'pclass', verdict: 'fail', detail: `payload class: signature ${pclass(sig.payloadClass)}, packet ${pclass(obs.payloadClass)}` });
  out.push(windowVerdict(sig, obs, win));
  return out;
}

function ttlVerdict(sig: TcpSignature, obs: TcpObservation): FieldVerdict {
  const gap = sig.ttl - obs.ttl;
  if (sig.badTtl) {
    return gap >= 0
      ? { field: 'ttl', verdict: 'ok', detail: `packet TTL ${obs.ttl} <= ${sig.ttl} (random-TTL signature)` }
      : { field: 'ttl', verdict: 'fail', detail: `packet TTL ${obs.ttl} above the random-TTL limit ${sig.ttl} (never fuzzy)` };
  }
  if (gap < 0) return { field: 'ttl', verdict: 'fuzzy', detail: `packet TTL ${obs.ttl} above the initial TTL ${sig.ttl}` };
  if (gap > MAX_DIST) return { field: 'ttl', verdict: 'fuzzy', detail: `distance ${gap} from initial TTL ${sig.ttl} exceeds ${MAX_DIST}` };
  return { field: 'ttl', verdict: 'ok', detail: `initial TTL ${sig.ttl}, distance ${gap}` };
}

function windowVerdict(sig: TcpSignature, obs: TcpObservation, win: WindowMultiplier): FieldVerdict {
  const w = sig.window;
  const detected = win.multiplier > 0 ? `${win.useMtu ? 'mtu' : 'mss'}*${win.multiplier}` : 'no MSS/MTU multiple';
  const fail = (detail: string): FieldVerdict => ({ field: 'window', verdict: 'fail', detail });
  const ok = (detail: string): FieldVerdict => ({ field: 'window', verdict: 'ok', detail });
  switch (w.kind) {
    case 'any':
      return ok('window * (any)');
    case 'value':
      return w.value === obs.window ? ok(`window ${w.value}`) : fail(`window: signature ${w.value}, packet ${obs.window}`);
    case 'mod':
      return obs.window % w.divisor === 0
        ? ok(`window ${obs.window} is a multiple of ${w.divisor}`)
        : fail(`window ${obs.window} is not a multiple of ${w.divisor} (remainder ${obs.window % w.divisor})`);
    case 'mss':
    case 'mtu': {
      const matches = win.useMtu === (w.kind === 'mtu') && win.multiplier === w.multiplier;
      const text = `${w.kind}*${w.multiplier}`;
      return matches ? ok(`window ${obs.window} = ${text}`) : fail(`window: signature ${text}, packet ${obs.window} (${detected})`);
    }
  }
}

/** How one signature alone would match the packet, ignoring the others. */
export function tcpCandidateFit(sig: TcpSignature, obs: TcpObservation, win: WindowMultiplier): CandidateFit {
  return fitOf(sig, checkFields(sig, obs, win));
}

function fitOf(sig: TcpSignature, fields: readonly FieldVerdict[]): CandidateFit {
  if (fields.some((f) => f.verdict === 'fail')) return 'none';
  if (fields.some((f) => f.verdict === 'fuzzy')) return 'fuzzy';
  return sig.generic ? 'generic' : 'exact';
}

function noteFor(sig: TcpSignature, fit: CandidateFit, result: TcpMatchResult, firstFuzzy: TcpSignature | null): string | null {
  if (result.kind === 'match' && result.signature === sig) {
    if (result.tier === 'fuzzy') return 'first fuzzy candidate in file order; no exact match';
    if (result.tier === 'generic') return 'first generic exact match; no specific exact match';
    return 'first specific exact match in file order';
  }
  if (fit === 'none') return null;
  const winner = result.kind === 'match' ? result.signature : null;
  if (fit === 'fuzzy' && result.kind === 'none' && result.fuzzyUserland && sig === firstFuzzy) {
    return 'fuzzy match on an application (!) signature: p0f reports no match for it';
  }
  if (fit === 'fuzzy' && firstFuzzy !== null && firstFuzzy !== sig && firstFuzzy.line < sig.line) {
    return `fuzzy, but p0f keeps only the first fuzzy candidate (line ${firstFuzzy.line})`;
  }
  if (winner === null) return null;
  if (fit === 'fuzzy') return `fuzzy; an exact match (line ${winner.line}) wins`;
  if (fit === 'generic' && !winner.generic) return `generic; the specific match at line ${winner.line} wins`;
  return `matches too, but line ${winner.line} comes first`;
}

/** Lower is nearer: fitting candidates first, then by the number of failed fields. */
function rank(c: TcpCandidate, obs: TcpObservation): number {
  if (c.fit !== 'none') return 0;
  const failed = c.fields.filter((f) => f.verdict === 'fail').length;
  const layoutPenalty = c.fields[0]?.verdict === 'fail' ? layoutDistance(c.signature.layout, obs) : 0;
  return failed * 100 + layoutPenalty;
}

function layoutDistance(layout: readonly number[], obs: TcpObservation): number {
  const a = layout;
  const b = Array.from(obs.layout.subarray(0, obs.layoutLength));
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = saved;
    }
  }
  return Math.min(row[b.length] as number, 99);
}

const OPTION_TEXT: Readonly<Record<number, string>> = { 1: 'nop', 2: 'mss', 3: 'ws', 4: 'sok', 5: 'sack', 8: 'ts' };

/** p0f's layout notation: `mss,sok,ts,nop,ws`, `eol+N`, `?N`. */
export function layoutText(layout: readonly number[], eolPad: number): string {
  return layout.map((k) => (k === 0 ? `eol+${eolPad}` : (OPTION_TEXT[k] ?? `?${k}`))).join(',');
}

/** Quirk names in p0f's fixed order. */
export function quirkText(quirks: QuirkSet): string {
  return QUIRKS.filter((q) => (quirks & QUIRK_BIT[q]) !== 0).join(',');
}
