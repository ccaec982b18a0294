/**
 * Incremental HTTP header-block parser with p0f 3.09b's exact acceptance rules
 * (spec B.2). It is re-run on the whole accumulated buffer of a direction after each
 * in-order segment and resumes at `state.position`. Bytes are read as latin1.
 */
import type { HttpFlowState } from './http-flow-state.js';
import { HTTP_LIMITS } from './http-limits.js';

/**
 * 'more' = wait for data; 'give-up' = not HTTP, forget the flow; 'complete' = headers are
 * in `state`; 'give-up-value-length' = abandoned because a value was too long, which
 * 3.09b reports as "need more data" (it returns -1 from a u8 function), so the flow lives on.
 */
export type HttpParseStatus = 'more' | 'give-up' | 'give-up-value-length' | 'complete';

const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const HTTP_1 = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e]; // "HTTP/1."
const GET_SLASH = [0x47, 0x45, 0x54, 0x20, 0x2f]; // "GET /"
const HEAD_SLASH = [0x48, 0x45, 0x41, 0x44, 0x20, 0x2f]; // "HEAD /"

function startsWithAt(buffer: Uint8Array, length: number, at: number, bytes: readonly number[]): boolean {
  if (at < 0 || at + bytes.length > length) return false;
  for (let i = 0; i < bytes.length; i++) if (buffer[at + i] !== bytes[i]) return false;
  return true;
}

function isNameByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;
}

/** Scans a request/status line from `from`; returns the LF offset, `length` if unfinished, or -1 on a bad byte. */
function scanLine(buffer: Uint8Array, length: number, from: number): number {
  let i = from;
  while (i < length && i < HTTP_LIMITS.maxLineOffset && buffer[i] !== LF) {
    const c = buffer[i];
    if (c !== CR && (c < 0x20 || c > 0x7f)) return -1;
    i++;
  }
  return i;
}

function latin1(buffer: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buffer[i];
    if (c === 0) break; // C-string semantics: a value ends at its first NUL
    s += String.fromCharCode(c);
  }
  return s;
}

function giveUp(state: HttpFlowState): HttpParseStatus {
  state.phase = 'no';
  return 'give-up';
}

/** "Wait for more" unless the direction's buffer is already full, in which case p0f gives up. */
function waitOrGiveUp(state: HttpFlowState, length: number): HttpParseStatus {
  return length < HTTP_LIMITS.maxPayload ? 'more' : giveUp(state);
}

/** Client direction (B.2.1). */
export function parseHttpRequest(state: HttpFlowState, buffer: Uint8Array, length: number): HttpParseStatus {
  if (state.phase === 'no') return 'give-up';
  if (state.requestDone) return 'more';
  if (state.phase === 'undecided') {
    if (length < HTTP_LIMITS.minRequestLength) return waitOrGiveUp(state, length);
    if (state.position === 0 && !startsWithAt(buffer, length, 0, GET_SLASH) && !startsWithAt(buffer, length, 0, HEAD_SLASH)) {
      return giveUp(state);
    }
    const i = scanLine(buffer, length, state.position);
    if (i < 0 || i === HTTP_LIMITS.maxLineOffset || i < 14) return giveUp(state);
    if (i === length) {
      state.position = i;
      return waitOrGiveUp(state, length);
    }
    const k = buffer[i - 1] === CR ? i - 9 : i - 8;
    if (!startsWithAt(buffer, length, k, HTTP_1)) return giveUp(state);
    state.version = buffer[k + 7] === 0x31 ? 1 : 0;
    state.phase = 'yes';
    state.position = i + 1;
  }
  return parseHttpHeaders(state, buffer, length);
}

/**
 * Server direction (B.2.2). With `compat`, the status-line block re-runs on every call
 * after the status line was complete, consuming one header line per segment (3.09b).
 */
export function parseHttpResponse(state: HttpFlowState, buffer: Uint8Array, length: number, compat: boolean): HttpParseStatus {
  if (state.phase === 'no') return 'give-up';
  if (state.phase !== 'yes' || !state.requestDone) return giveUp(state);
  if (compat || !state.statusLineDone) {
    if (length < HTTP_LIMITS.minResponseLength) return waitOrGiveUp(state, length);
    const i = scanLine(buffer, length, state.position);
    if (i < 0 || i === HTTP_LIMITS.maxLineOffset || i < 13) return giveUp(state);
    if (i === length) {
      state.position = i;
      return waitOrGiveUp(state, length);
    }
    if (!startsWithAt(buffer, length, 0, HTTP_1)) return giveUp(state);
    state.version = buffer[7] === 0x31 ? 1 : 0;
    state.position = i + 1;
    state.statusLineDone = true;
  }
  return parseHttpHeaders(state, buffer, length);
}

/** The shared header loop (B.2.3). Records into `state.headers`; 'complete' when the blank line starts. */
function parseHttpHeaders(state: HttpFlowState, buffer: Uint8Array, length: number): HttpParseStatus {
  while (state.position < length) {
    const start = state.position;
    const first = buffer[start];
    if (first === CR || first === LF) return 'complete';
    if (state.headers.length >= HTTP_LIMITS.maxHeaders) return giveUp(state);
    let j = start;
    let n = 0;
    while (j < length && isNameByte(buffer[j]) && n <= HTTP_LIMITS.maxNameLength) {
      j++;
      n++;
    }
    if (j === length) return waitOrGiveUp(state, length);
    if (n === 0 || buffer[j] !== COLON || n > HTTP_LIMITS.maxNameLength) return giveUp(state);
    j++;
    if (j < length && (buffer[j] === 0x20 || buffer[j] === 0x09)) j++;
    const valueStart = j;
    let valueLength = 0;
    while (j < length && valueLength <= HTTP_LIMITS.maxValueLength && buffer[j] !== LF) {
      j++;
      valueLength++;
    }
    if (valueLength > HTTP_LIMITS.maxValueLength) {
      giveUp(state);
      return 'give-up-value-length';
    }
    if (j === length) return waitOrGiveUp(state, length);
    if (valueLength > 0 && buffer[j - 1] === CR) valueLength--;
    state.headers.push({
      name: latin1(buffer, start, start + n),
      value: valueLength === 0 ? null : latin1(buffer, valueStart, valueStart + valueLength),
    });
    state.position = j + 1;
  }
  return waitOrGiveUp(state, length);
}
