/**
 * A loaded signature database with its matchers, as integrators use it: classify one
 * SYN / SYN+ACK observation or one HTTP header block without any capture or flow state.
 * The answers are the runtime matchers' own; this module only names the result.
 */
import { formatLabelText } from '../events/build-tcp-event.js';
import { parseHttpDate } from '../fingerprint/http-date.js';
import { observeHttpHeaders, type HttpHeader, type HttpObservation } from '../fingerprint/http-observation.js';
import type { Direction, SignatureLabel, TcpObservation } from '../fingerprint/tcp-types.js';
import { isDishonestSoftware } from '../match/http-matcher.js';
import type { HttpMatchResult, MatchTier, TcpMatchResult } from '../match/match-result.js';
import type { MatcherSet } from '../match/matcher-set.js';
import type { SignatureDatabase } from '../match/signature-database.js';

/** The signature that matched, named the way p0f prints it. */
export interface SignatureMatch {
  /** p0f prints `os=` for a system and `app=` for an application (`!` class) label. */
  readonly kind: 'os' | 'app';
  /** `name flavor`, e.g. `Linux 3.11 and newer` (p0f's `os=` / `app=` value). */
  readonly label: string;
  readonly name: string;
  readonly flavor: string | null;
  /** The label's class (`unix`, `win`…), null for an application. */
  readonly className: string | null;
  readonly tier: MatchTier;
  /** A `g:` signature. */
  readonly generic: boolean;
  /** 1-based line of the `sig` line in the database. */
  readonly line: number;
}

export interface TcpClassification {
  readonly match: SignatureMatch | null;
  /** Hops from the sender, as p0f computes it. */
  readonly distance: number;
  /** The matcher's own result (shared between calls: do not mutate). */
  readonly result: TcpMatchResult;
}

/** One HTTP header block to classify. */
export interface HttpMessage {
  readonly direction: Direction;
  /** `1.1` (default) or `1.0` (any other HTTP/1.x counts as 1.0, as in p0f). */
  readonly version?: '1.0' | '1.1';
  /** In wire order, names spelled as sent; a null value is a header with nothing after the colon. */
  readonly headers: readonly HttpHeader[];
}

export interface HttpClassification {
  readonly match: SignatureMatch | null;
  /** The matched signature expects software that the User-Agent / Server does not name. */
  readonly dishonest: boolean;
  /** No User-Agent (request) or Server (response) header. */
  readonly anonymous: boolean;
  readonly observation: HttpObservation;
  readonly result: HttpMatchResult;
}

export interface Signatures {
  readonly database: SignatureDatabase;
  /** `generated`: the tables compiled at build time; `file`: compiled from a p0f.fp at load. */
  readonly origin: 'generated' | 'file';
  /** The matchers (for createPacketFingerprinter / fingerprintCapture). */
  readonly matchers: MatcherSet;
  /**
   * Classifies one SYN (`request`) or SYN+ACK (`response`). For a SYN+ACK pass the MSS of
   * the SYN it answers: `mss*N` windows are multiples of the peer's MSS.
   */
  matchTcp(observation: TcpObservation, direction: Direction, peerMss?: number): TcpClassification;
  /** Classifies one HTTP request or response header block. */
  matchHttp(message: HttpMessage): HttpClassification;
  /** The link type p0f names for a path MTU (`Ethernet or modem` for 1500), or null. */
  linkForMtu(mtu: number): string | null;
}

function describeMatch(db: SignatureDatabase, signature: SignatureLabel, tier: MatchTier): SignatureMatch {
  const app = signature.classId === -1;
  return {
    kind: app ? 'app' : 'os',
    label: formatLabelText(db.names, signature),
    name: db.names[signature.nameId] ?? '???',
    flavor: signature.flavor,
    className: app ? null : db.classes[signature.classId] ?? null,
    tier,
    generic: signature.generic,
    line: signature.line,
  };
}

const NO_HTTP_MATCH: HttpMatchResult = { kind: 'none' };

export function createSignatures(set: MatcherSet, origin: 'generated' | 'file'): Signatures {
  const db = set.database;
  return {
    database: db,
    origin,
    matchers: set,
    matchTcp(observation, direction, peerMss = 0) {
      const result = set.tcp.match(observation, direction, peerMss);
      const match = result.kind === 'match' ? describeMatch(db, result.signature, result.tier) : null;
      return { match, distance: result.distance, result };
    },
    matchHttp(message) {
      const version = message.version === '1.0' ? 0 : 1;
      const observation = observeHttpHeaders(message.direction, version, message.headers, 0, parseHttpDate);
      // A database without HTTP sections has no HTTP matcher: nothing can match.
      const result = set.http !== null ? set.http.match(observation, message.direction) : NO_HTTP_MATCH;
      const matched = result.kind === 'match' ? result.signature : null;
      return {
        match: matched !== null && result.kind === 'match' ? describeMatch(db, matched, result.tier) : null,
        dishonest: matched !== null && isDishonestSoftware(matched, observation.software),
        anonymous: observation.software === null,
        observation,
        result,
      };
    },
    linkForMtu(mtu) {
      return set.mtu.lookup(mtu);
    },
  };
}
