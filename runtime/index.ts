/**
 * p0f-ts as a library (`import … from 'p0f-ts'`).
 *
 * - `loadSignatures()` loads the database compiled at build time, a p0f.fp file (`{ file }`)
 *   or p0f.fp text (`{ text }`); bad input gives diagnostics with line and column, never an
 *   exception.
 * - `fingerprintCapture(path | { bytes })` replays a pcap/pcapng file with the same loop as
 *   `p0f-ts -r` (mixed link types included) and yields the events the CLI prints, then one
 *   `end` item (with the error, if any).
 * - `createPacketFingerprinter()` takes raw frames (link type, bytes, capture time) one at a
 *   time, with flow and host state across them, for captures p0f-ts does not read itself.
 * - `Signatures.matchTcp()` / `matchHttp()` classify a single observation, without state;
 *   `matchTcpRawSig()` / `matchHttpRawSig()` do it for a `raw_sig` read from a p0f log.
 * - `formatEvent()` renders an event as p0f's log line, p0f's text block or NDJSON.
 *
 * Errors are values throughout. Everything here is what the command line itself uses.
 */

// Databases and single-observation matching.
export { loadSignatures } from './library/load-signatures.js';
export type { DatabaseDiagnostic, LoadSignaturesOptions, LoadSignaturesResult, MatcherKind, MatcherSet } from './library/load-signatures.js';
export type { HttpClassification, HttpMessage, SignatureMatch, Signatures, TcpClassification } from './library/signatures.js';
export { matchHttpRawSig, matchTcpRawSig, readHttpRawSig, readTcpRawSig } from './library/read-raw-sig.js';
export type { MatchHttpRawSigResult, MatchTcpRawSigResult, ReadHttpRawSigResult, ReadTcpRawSigResult } from './library/read-raw-sig.js';

// Captures and packets.
export { fingerprintCapture } from './library/fingerprint-capture.js';
export type { CaptureFingerprintOptions, CaptureItem, CaptureProblem, CaptureSource, DatabaseError } from './library/fingerprint-capture.js';
export { createPacketFingerprinter } from './library/packet-fingerprinter.js';
export type {
  CreatePacketFingerprinterResult,
  Frame,
  FrameOutcome,
  PacketFingerprinter,
  PacketFingerprinterOptions,
} from './library/packet-fingerprinter.js';
export type { FingerprintOptions, OptionError } from './library/fingerprint-options.js';
export { LinkType } from './capture/pcap-writer.js';
export { formatCaptureError } from './capture/capture-record.js';
export type { CaptureError } from './capture/capture-record.js';
export type { CaptureFilterError } from './capture/bpf-filter.js';

// Events and their text forms.
export type { Endpoint, EventField, EventKeyword, P0fEvent, PacketTime } from './events/event.js';
export { formatEvent } from './library/format-event.js';
export type { EventFormat } from './library/format-event.js';
export { formatLogLine } from './output/log-line.js';
export { formatPretty } from './output/pretty.js';
export { formatNdjson, NDJSON_SCHEMA } from './output/ndjson.js';
export { formatAddress, formatEndpoint } from './output/address-text.js';

// The fingerprint model: what a SYN / HTTP message looks like to the matchers.
export { QUIRKS, QUIRK_BIT, TcpObservation, TcpOption } from './fingerprint/tcp-types.js';
export type {
  Direction,
  IpVersion,
  MtuSignature,
  Quirk,
  QuirkSet,
  SignatureIpVersion,
  SignatureLabel,
  TcpSignature,
  WindowSize,
} from './fingerprint/tcp-types.js';
export { formatTcpRawSig } from './fingerprint/raw-sig.js';
export type { HttpHeader, HttpObservation } from './fingerprint/http-observation.js';
export type { HttpHeaderSpec, HttpSignature, HttpVersionSpec, UaOsEntry } from './fingerprint/http-types.js';
export type { HttpMatchResult, MatchTier, TcpMatchResult } from './match/match-result.js';
export type { SignatureDatabase } from './match/signature-database.js';
export { P0F_VERSION } from './output/status-lines.js';
