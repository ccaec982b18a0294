/**
 * The incremental parser's own contract (statuses, resumption, recorded headers). The
 * byte-level acceptance rules are checked against the real p0f in http-oracle.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createHttpFlowState } from '../../../runtime/http/http-flow-state.js';
import { parseHttpRequest, parseHttpResponse } from '../../../runtime/http/http-parser.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function feed(chunks: string[], parse: (b: Uint8Array, n: number) => string): string[] {
  const buffer = new Uint8Array(8192);
  let length = 0;
  return chunks.map((chunk) => {
    buffer.set(bytes(chunk), length);
    length += chunk.length;
    return parse(buffer, length);
  });
}

describe('parseHttpRequest', () => {
  it('resumes across segments and records headers in order', () => {
    const state = createHttpFlowState();
    const statuses = feed(['GET / HT', 'TP/1.0\r\nHost: a\r\nX:', ' b\r', '\nY:\r\n\r\n'], (b, n) => parseHttpRequest(state, b, n));
    expect(statuses).toEqual(['more', 'more', 'more', 'complete']);
    expect(state.version).toBe(0);
    expect(state.headers).toEqual([
      { name: 'Host', value: 'a' },
      { name: 'X', value: 'b' },
      { name: 'Y', value: null },
    ]);
  });

  it('cuts values at NUL (empty but present when the first byte is NUL)', () => {
    const state = createHttpFlowState();
    feed(['GET / HTTP/1.1\r\nA: ab\x00cd\r\nB: \x00x\r\n\r\n'], (b, n) => parseHttpRequest(state, b, n));
    expect(state.headers).toEqual([
      { name: 'A', value: 'ab' },
      { name: 'B', value: '' },
    ]);
  });

  it('gives up for good once abandoned', () => {
    const state = createHttpFlowState();
    expect(feed(['POST / HTTP/1.1\r\n\r\n', 'GET / HTTP/1.1\r\n\r\n'], (b, n) => parseHttpRequest(state, b, n))).toEqual(['give-up', 'give-up']);
    expect(state.phase).toBe('no');
  });

  it('gives up when the buffer is full before the headers end', () => {
    const state = createHttpFlowState();
    const big = `GET / HTTP/1.1\r\n${'X-Y: z\r\n'.repeat(1100)}`.slice(0, 8192);
    expect(feed([big], (b, n) => parseHttpRequest(state, b, n))).toEqual(['give-up']);
  });

  it('reports an over-long value distinctly (3.09b keeps the flow)', () => {
    const state = createHttpFlowState();
    expect(feed([`GET / HTTP/1.1\r\nX: ${'v'.repeat(1025)}\n`], (b, n) => parseHttpRequest(state, b, n))).toEqual(['give-up-value-length']);
  });
});

describe('parseHttpResponse', () => {
  const ready = () => {
    const state = createHttpFlowState();
    state.phase = 'yes';
    state.requestDone = true;
    return state;
  };

  it('refuses a response before the request is done', () => {
    const state = createHttpFlowState();
    expect(feed(['HTTP/1.1 200 OK\r\n\r\n'], (b, n) => parseHttpResponse(state, b, n, true))).toEqual(['give-up']);
  });

  it('compat re-scan consumes one header line per later segment; fixed mode does not', () => {
    const chunks = ['HTTP/1.1 200 OK\r\nA: 1\r\n', 'B: 2\r\nC: 3\r\n', '\r\n'];
    const compat = ready();
    expect(feed(chunks, (b, n) => parseHttpResponse(compat, b, n, true))).toEqual(['more', 'more', 'more']);
    expect(compat.headers.map((x) => x.name)).toEqual(['A', 'C']);
    const fixed = ready();
    expect(feed(chunks, (b, n) => parseHttpResponse(fixed, b, n, false))).toEqual(['more', 'more', 'complete']);
    expect(fixed.headers.map((x) => x.name)).toEqual(['A', 'B', 'C']);
  });
});
