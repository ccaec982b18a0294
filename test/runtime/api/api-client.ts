/**
 * Minimal raw API clients for tests: they talk bytes over a real unix socket and
 * report exactly what arrived and in how many reads.
 */
import * as net from 'node:net';
import { API_RESPONSE_SIZE, decodeApiResponse, encodeApiQuery, type ApiResponse } from '../../../runtime/api/api-wire.js';

export function ipv4Query(text: string): Uint8Array {
  return encodeApiQuery(4, Uint8Array.from(text.split('.').map(Number)));
}

export function ipv6Query(bytes: readonly number[]): Uint8Array {
  return encodeApiQuery(6, Uint8Array.from(bytes));
}

/** Connects, resolving once connected. */
export function connectApi(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Collects exactly `count` responses from `socket`, failing after `timeoutMs`. */
export function readResponses(socket: net.Socket, count: number, timeoutMs = 10_000): Promise<{ responses: ApiResponse[]; chunks: number[] }> {
  return new Promise((resolve, reject) => {
    const chunks: number[] = [];
    // Joined once at the end: thousands of small reads would make joining as they come quadratic.
    const received: Buffer[] = [];
    let length = 0;
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new Error(`timed out with ${length} of ${count * API_RESPONSE_SIZE} bytes`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk.length);
      received.push(chunk);
      length += chunk.length;
      if (length >= count * API_RESPONSE_SIZE) {
        clearTimeout(timer);
        socket.off('data', onData);
        const buffer = Buffer.concat(received);
        const responses: ApiResponse[] = [];
        for (let i = 0; i < count; i++) responses.push(decodeApiResponse(buffer, i * API_RESPONSE_SIZE));
        resolve({ responses, chunks });
      }
    };
    socket.on('data', onData);
  });
}

/** One query, one answer, on a fresh connection. */
export async function queryOnce(path: string, query: Uint8Array): Promise<ApiResponse> {
  const socket = await connectApi(path);
  try {
    const pending = readResponses(socket, 1);
    socket.write(query);
    return (await pending).responses[0];
  } finally {
    socket.destroy();
  }
}
