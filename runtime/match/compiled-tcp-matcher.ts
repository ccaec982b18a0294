/**
 * The fast TCP matcher: the same decision procedure as tcp-interpreter.ts, run over the
 * precompiled tables. Per match it allocates nothing: the layout is found by a numeric
 * hash of the observed option kinds, rows are flat Int32Arrays, the window multiplier
 * goes into one scratch object, and results are memoised immutable objects.
 */
import type { Direction, TcpObservation, TcpSignature } from '../fingerprint/tcp-types.js';
import { guessDistance } from '../fingerprint/ttl.js';
import { detectWindowMultiplier, type WindowMultiplier } from '../fingerprint/window-multiplier.js';
import type { MatchTier, TcpMatchResult } from './match-result.js';
import type { SignatureDatabase } from './signature-database.js';
import { TCP_ROW as C, TCP_ROW_WIDTH, WINDOW_KIND, type TcpDirectionTable, type TcpTables } from './tables.js';
import type { TcpMatcher } from './tcp-matcher.js';
import { createInterpretedTcpMatcher, FUZZY_ADDABLE, FUZZY_DELETABLE, MAX_DIST } from './tcp-interpreter.js';

const TIERS: readonly MatchTier[] = ['exact', 'generic', 'fuzzy'];

interface CompiledGroup {
  readonly layout: Uint8Array;
  readonly rows: Int32Array;
  /** Whether any row has an mss*N / mtu*N window, i.e. the multiplier is needed at all. */
  readonly needsMultiplier: boolean;
}

interface CompiledDirection {
  readonly signatures: readonly TcpSignature[];
  readonly buckets: Map<number, readonly CompiledGroup[]>;
  /** Memoised match results, indexed by (signature * 3 + tier) * 256 + distance. */
  readonly results: (TcpMatchResult | undefined)[];
}

/** FNV-1a over the option kinds; the length is folded in first. */
export function layoutHash(kinds: ArrayLike<number>, length: number): number {
  let h = (0x811c9dc5 ^ length) >>> 0;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ kinds[i]!, 0x01000193);
  return h >>> 0;
}

function compileDirection(table: TcpDirectionTable, signatures: readonly TcpSignature[]): CompiledDirection {
  const buckets = new Map<number, CompiledGroup[]>();
  for (const group of table.groups) {
    const rows = Int32Array.from(group.rows.flat());
    let needsMultiplier = false;
    for (let r = 0; r < rows.length; r += TCP_ROW_WIDTH) {
      const kind = rows[r + C.windowKind];
      if (kind === WINDOW_KIND.mss || kind === WINDOW_KIND.mtu) needsMultiplier = true;
    }
    const compiled: CompiledGroup = { layout: Uint8Array.from(group.layout), rows, needsMultiplier };
    const hash = layoutHash(compiled.layout, compiled.layout.length);
    const bucket = buckets.get(hash);
    if (bucket === undefined) buckets.set(hash, [compiled]);
    else bucket.push(compiled);
  }
  return { signatures, buckets, results: new Array<TcpMatchResult | undefined>(signatures.length * TIERS.length * 256) };
}

function findGroup(dir: CompiledDirection, obs: TcpObservation): CompiledGroup | null {
  const length = obs.layoutLength;
  const bucket = dir.buckets.get(layoutHash(obs.layout, length));
  if (bucket === undefined) return null;
  for (const group of bucket) {
    const layout = group.layout;
    if (layout.length !== length) continue;
    let i = 0;
    while (i < length && layout[i] === obs.layout[i]) i++;
    if (i === length) return group;
  }
  return null;
}

/** Whether `tables` were built from `db` (same source bytes, same lists, rows in range). */
export function tcpTablesFit(db: SignatureDatabase, tables: TcpTables): boolean {
  const fits = (table: TcpDirectionTable, signatures: readonly TcpSignature[]): boolean =>
    table.signatureCount === signatures.length &&
    table.groups.every((g) =>
      g.rows.every((row) => {
        const sig = signatures[row[C.signature]!];
        return row.length === TCP_ROW_WIDTH && sig !== undefined && sig.layout.length === g.layout.length && sig.layout.every((k, i) => k === g.layout[i]);
      }),
    );
  return tables.formatVersion === 1 && tables.sourceSha256 === db.source.sha256 && fits(tables.request, db.tcpRequest) && fits(tables.response, db.tcpResponse);
}

export function createCompiledTcpMatcher(db: SignatureDatabase, tables: TcpTables): TcpMatcher {
  // Tables built from another database would give wrong answers; stay correct instead.
  if (!tcpTablesFit(db, tables)) return createInterpretedTcpMatcher(db);
  const request = compileDirection(tables.request, db.tcpRequest);
  const response = compileDirection(tables.response, db.tcpResponse);
  const scratch: WindowMultiplier = { multiplier: -1, useMtu: false };
  const none: TcpMatchResult[] = Array.from({ length: 256 }, (_, distance) => ({ kind: 'none', distance, fuzzyUserland: false }));
  const noneUserland: TcpMatchResult = { kind: 'none', distance: 0, fuzzyUserland: true };

  function result(dir: CompiledDirection, sigIndex: number, tier: 0 | 1 | 2, distance: number): TcpMatchResult {
    const slot = (sigIndex * 3 + tier) * 256 + distance;
    let cached = dir.results[slot];
    if (cached === undefined) {
      cached = { kind: 'match', signature: dir.signatures[sigIndex]!, tier: TIERS[tier]!, distance };
      dir.results[slot] = cached;
    }
    return cached;
  }

  return {
    match(obs: TcpObservation, direction: Direction, peerMss: number): TcpMatchResult {
      const dir = direction === 'request' ? request : response;
      const ttl = obs.ttl;
      const group = findGroup(dir, obs);
      if (group === null) return none[guessDistance(ttl) & 0xff]!;

      let multiplier = -1;
      let useMtu = false;
      if (group.needsMultiplier) {
        detectWindowMultiplier(obs, peerMss, scratch);
        multiplier = scratch.multiplier;
        useMtu = scratch.useMtu;
      }
      const quirkColumn = obs.ipVersion === 4 ? C.quirksV4 : C.quirksV6;
      const obsQuirks = obs.quirks;
      const rows = group.rows;
      let exactGeneric = -1;
      let fuzzy = -1;

      // The rejecting checks form a conjunction, so their order does not change which rows
      // survive; the cheapest, most selective ones (scale, MSS, window) go first. Only the
      // quirk and TTL checks decide fuzziness, and they read `fuzzy` as the interpreter does.
      for (let r = 0; r < rows.length; r += TCP_ROW_WIDTH) {
        const scale = rows[r + C.windowScale]!;
        if (scale !== -1 && scale !== obs.windowScale) continue;
        const mss = rows[r + C.mss]!;
        if (mss !== -1 && mss !== obs.mss) continue;
        const value = rows[r + C.windowValue]!;
        switch (rows[r + C.windowKind]) {
          case WINDOW_KIND.value:
            if (value !== obs.window) continue;
            break;
          case WINDOW_KIND.mod:
            if (obs.window % value !== 0) continue;
            break;
          case WINDOW_KIND.mss:
            if (useMtu || multiplier !== value) continue;
            break;
          case WINDOW_KIND.mtu:
            if (!useMtu || multiplier !== value) continue;
            break;
          default:
            break;
        }
        const pclass = rows[r + C.payloadClass]!;
        if (pclass !== -1 && pclass !== obs.payloadClass) continue;
        if (rows[r + C.eolPad] !== obs.eolPad || rows[r + C.ipOptionLength] !== obs.ipOptionLength) continue;
        let isFuzzy = false;
        const sigQuirks = rows[r + quirkColumn]!;
        if (sigQuirks !== obsQuirks) {
          if (fuzzy !== -1) continue;
          if ((sigQuirks & ~obsQuirks & ~FUZZY_DELETABLE) !== 0) continue;
          if ((obsQuirks & ~sigQuirks & ~FUZZY_ADDABLE) !== 0) continue;
          isFuzzy = true;
        }
        const sigTtl = rows[r + C.ttl]!;
        if (rows[r + C.badTtl] !== 0) {
          if (sigTtl < ttl) continue;
        } else if (sigTtl < ttl || sigTtl - ttl > MAX_DIST) {
          isFuzzy = true;
        }
        if (!isFuzzy) {
          if (rows[r + C.generic] === 0) return result(dir, rows[r + C.signature]!, 0, (sigTtl - ttl) & 0xff);
          if (exactGeneric === -1) exactGeneric = r;
        } else if (fuzzy === -1) {
          fuzzy = r;
        }
      }

      if (exactGeneric !== -1) {
        return result(dir, rows[exactGeneric + C.signature]!, 1, (rows[exactGeneric + C.ttl]! - ttl) & 0xff);
      }
      if (fuzzy === -1) return none[guessDistance(ttl) & 0xff]!;
      if (rows[fuzzy + C.userland] !== 0) return noneUserland;
      const fuzzyTtl = rows[fuzzy + C.ttl]!;
      const outOfRange = fuzzyTtl < ttl || (rows[fuzzy + C.badTtl] === 0 && fuzzyTtl - ttl > MAX_DIST);
      return result(dir, rows[fuzzy + C.signature]!, 2, (outOfRange ? guessDistance(ttl) : fuzzyTtl - ttl) & 0xff);
    },
  };
}
