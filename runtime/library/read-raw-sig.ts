/**
 * Reads a `raw_sig` from a p0f log back into an observation, so a logged line can be
 * classified again (against another database, say). The parsers belong to the compiler's
 * `explain`; they are loaded on first use, as the runtime never imports the compiler
 * statically.
 */
import type { HttpObservation } from '../fingerprint/http-observation.js';
import type { Direction, TcpObservation } from '../fingerprint/tcp-types.js';
import type { HttpClassification, HttpMessage, Signatures, TcpClassification } from './signatures.js';

export type ReadTcpRawSigResult =
  | {
      readonly ok: true;
      /** A packet p0f would print with this raw_sig (the printed form drops a little). */
      readonly observation: TcpObservation;
      /**
       * Every raw window p0f prints the same way (`mss*N` / `mtu*N` can stand for several;
       * one otherwise). The observation holds the first.
       */
      readonly windows: readonly number[];
      /** What had to be assumed, e.g. the raw window behind `mss*20`. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

export type ReadHttpRawSigResult =
  | { readonly ok: true; readonly message: HttpMessage; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

interface TcpParser {
  parseTcpRawSig(
    text: string,
    peerMss?: number,
  ): { ok: true; observation: TcpObservation; notes: readonly string[]; alternativeWindows: readonly number[] } | { ok: false; error: string };
}
interface HttpParser {
  parseHttpRawSig(text: string, direction: Direction): { ok: true; observation: HttpObservation; notes: readonly string[] } | { ok: false; error: string };
}

// Variables, so the runtime's static import graph stays free of the compiler.
const TCP_PARSER = '../../compiler/explain/parse-tcp-raw-sig.js';
const HTTP_PARSER = '../../compiler/explain/parse-http-raw-sig.js';

async function importParser<T>(specifier: string): Promise<T | string> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    return `the raw_sig reader is not available in this build (${err instanceof Error ? err.message : String(err)})`;
  }
}

/**
 * A SYN / SYN+ACK `raw_sig` (`4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0`). For a
 * SYN+ACK whose window is `mss*N`, pass the MSS of the SYN it answers.
 */
export async function readTcpRawSig(rawSig: string, peerMss = 0): Promise<ReadTcpRawSigResult> {
  const parser = await importParser<TcpParser>(TCP_PARSER);
  if (typeof parser === 'string') return { ok: false, error: parser };
  const parsed = parser.parseTcpRawSig(rawSig, peerMss);
  if (!parsed.ok) return parsed;
  const windows = [parsed.observation.window, ...parsed.alternativeWindows];
  return { ok: true, observation: parsed.observation, windows, notes: parsed.notes };
}

/** An HTTP `raw_sig` (`1:Host,User-Agent,…:Accept-Charset,…:Mozilla/5.0 …`) as a header block. */
export async function readHttpRawSig(rawSig: string, direction: Direction): Promise<ReadHttpRawSigResult> {
  const parser = await importParser<HttpParser>(HTTP_PARSER);
  if (typeof parser === 'string') return { ok: false, error: parser };
  const parsed = parser.parseHttpRawSig(rawSig, direction);
  if (!parsed.ok) return parsed;
  const o = parsed.observation;
  return { ok: true, message: { direction: o.direction, version: o.version === 1 ? '1.1' : '1.0', headers: o.headers }, notes: parsed.notes };
}

/** p0f's own preference: a specific exact match, then a generic one, then a fuzzy one. */
function rank(c: TcpClassification): number {
  const tier = c.match?.tier;
  return tier === 'exact' ? 3 : tier === 'generic' ? 2 : tier === 'fuzzy' ? 1 : 0;
}

export type MatchTcpRawSigResult =
  | { readonly ok: true; readonly classification: TcpClassification; readonly window: number; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

/**
 * Classifies a logged SYN (`request`) or SYN+ACK (`response`) raw_sig. When it stands for
 * several raw windows, each is tried and the best-ranked answer is kept (as `p0f-ts
 * explain` does): p0f saw one of them.
 */
export async function matchTcpRawSig(signatures: Signatures, rawSig: string, direction: Direction, peerMss = 0): Promise<MatchTcpRawSigResult> {
  const read = await readTcpRawSig(rawSig, peerMss);
  if (!read.ok) return read;
  const obs = read.observation;
  let best = signatures.matchTcp(obs, direction, peerMss);
  let bestWindow = obs.window;
  for (const window of read.windows.slice(1)) {
    obs.window = window;
    const c = signatures.matchTcp(obs, direction, peerMss);
    if (rank(c) > rank(best)) {
      best = c;
      bestWindow = window;
    }
  }
  obs.window = bestWindow;
  return { ok: true, classification: best, window: bestWindow, notes: read.notes };
}

export type MatchHttpRawSigResult =
  | { readonly ok: true; readonly classification: HttpClassification; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Classifies a logged HTTP request or response raw_sig. */
export async function matchHttpRawSig(signatures: Signatures, rawSig: string, direction: Direction): Promise<MatchHttpRawSigResult> {
  const read = await readHttpRawSig(rawSig, direction);
  if (!read.ok) return read;
  return { ok: true, classification: signatures.matchHttp(read.message), notes: read.notes };
}
