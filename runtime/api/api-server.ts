/**
 * The p0f API on a unix stream socket: fixed 21-byte queries, fixed 232-byte answers,
 * in query order, any number per connection.
 *
 * Differences from p0f 3.09b (see docs/deviations.md, "API server"):
 * - connections beyond `-S` are accepted by the kernel and parked unread (as in p0f, where
 *   they wait in the backlog), but the "Too many API connections" warning is printed once
 *   per burst instead of once per event-loop spin;
 * - a socket path that another live process is listening on is refused instead of stolen;
 * - while clients are waiting for a slot, a connected client idle for longer than
 *   `idleTimeoutMs` is closed so half-open clients cannot hold every slot forever.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import {
  API_QUERY_SIZE,
  API_RESPONSE_SIZE,
  ApiStatus,
  apiQueryWarning,
  decodeApiQuery,
  encodeApiResponse,
  type ApiHostView,
} from './api-wire.js';

export const API_DEFAULT_MAX_CLIENTS = 20;
export const API_MAX_CLIENTS_LIMIT = 100;
/** p0f's API_MODE: anyone on the machine may query. */
export const API_DEFAULT_MODE = 0o666;
/** sizeof(sockaddr_un.sun_path) on Linux. */
const SUN_PATH_SIZE = 108;
/** Queries buffered per connection before we stop reading from it (back-pressure). */
const MAX_BUFFERED_QUERIES = 64;
/** Beyond this many parked connections new ones are closed at once (p0f's kernel backlog would refuse them). */
const MAX_PARKED = 1024;
/**
 * Answers per connection per event-loop turn: p0f serves one query per client per poll
 * round, so a client pipelining thousands (or sending garbage) cannot starve the others.
 */
const ANSWERS_PER_TURN = 8;
/** Bad-query warnings printed per second before the rest are summarised. */
const WARNINGS_PER_SECOND = 20;
const NOTHING = Buffer.alloc(0);

export type ApiLookup = (ipVersion: 4 | 6, address: Uint8Array) => ApiHostView | null;

export interface ApiServerOptions {
  readonly path: string;
  /** `-S`: connections served at once, 1..100. */
  readonly maxClients?: number;
  /** File mode of the socket (default 0666). */
  readonly mode?: number;
  /** Close an idle client after this long, but only while others wait for a slot. */
  readonly idleTimeoutMs?: number;
  readonly lookup: ApiLookup;
  /** Receives p0f's warning text (without the `[!] WARNING: ` prefix). */
  readonly warn: (message: string) => void;
}

export type ApiServerError =
  | { readonly kind: 'path-too-long'; readonly message: string }
  | { readonly kind: 'not-a-socket'; readonly message: string }
  | { readonly kind: 'in-use'; readonly message: string }
  | { readonly kind: 'bad-limit'; readonly message: string }
  | { readonly kind: 'system'; readonly message: string; readonly osMessage: string };

export interface ApiServerStats {
  readonly active: number;
  readonly parked: number;
  readonly answered: number;
  readonly badQueries: number;
}

export interface ApiServer {
  readonly path: string;
  readonly maxClients: number;
  stats(): ApiServerStats;
  /** Stops listening, drops every client and removes the socket file. */
  close(): Promise<void>;
}

/** Prepares the socket path as p0f does (10.1) and starts listening. */
export async function startApiServer(options: ApiServerOptions): Promise<{ ok: true; server: ApiServer } | { ok: false; error: ApiServerError }> {
  const maxClients = options.maxClients ?? API_DEFAULT_MAX_CLIENTS;
  if (!Number.isInteger(maxClients) || maxClients < 1 || maxClients > API_MAX_CLIENTS_LIMIT) {
    return { ok: false, error: { kind: 'bad-limit', message: 'Outlandish value specified for -S.' } };
  }
  const prepared = await prepareSocketPath(options.path);
  if (prepared !== null) return { ok: false, error: prepared };

  const core = new ApiServerCore(options, maxClients);
  const listened = await core.listen();
  if (listened !== null) return { ok: false, error: listened };
  return { ok: true, server: core };
}

async function prepareSocketPath(path: string): Promise<ApiServerError | null> {
  if (Buffer.byteLength(path) >= SUN_PATH_SIZE) {
    return { kind: 'path-too-long', message: 'API socket filename is too long for sockaddr_un (blame Unix).' };
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    return { kind: 'system', message: `stat('${path}') failed.`, osMessage: osMessageOf(error) };
  }
  if (!stat.isSocket()) return { kind: 'not-a-socket', message: `'${path}' exists but is not a socket.` };
  // p0f unlinks any old socket; a live one belongs to another daemon, so we leave it alone.
  if (await socketIsLive(path)) {
    return { kind: 'in-use', message: `API socket '${path}' is in use by another process.` };
  }
  try {
    fs.unlinkSync(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') return { kind: 'system', message: `unlink('${path}') failed.`, osMessage: osMessageOf(error) };
  }
  return null;
}

function socketIsLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** One client connection and its in-order query/answer pipeline. */
class ApiConnection {
  /** Unread query bytes; compacted as queries are consumed. */
  private inbound = Buffer.alloc(API_QUERY_SIZE * MAX_BUFFERED_QUERIES * 2);
  private inboundLength = 0;
  private waitingForDrain = false;
  private paused = false;
  /** The client half-closed: answer what it sent, then hang up. */
  private ended = false;
  private pumpScheduled = false;
  lastActivity = Date.now();
  closed = false;

  constructor(
    readonly socket: net.Socket,
    private readonly server: ApiServerCore,
  ) {}

  /** Everything queued in Node has gone to the kernel (see `pump`). */
  private readonly onFlushed = (): void => {
    this.waitingForDrain = false;
    this.pump();
  };

  start(): void {
    const socket = this.socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // A hang-up or error frees the slot; errors (EPIPE, ECONNRESET) are the client's business.
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('end', () => {
      this.ended = true;
      this.pump();
    });
    socket.resume();
  }

  private onData(chunk: Buffer): void {
    this.lastActivity = Date.now();
    if (this.inboundLength + chunk.length > this.inbound.length) {
      const grown = Buffer.alloc(Math.max(this.inbound.length * 2, this.inboundLength + chunk.length));
      this.inbound.copy(grown, 0, 0, this.inboundLength);
      this.inbound = grown;
    }
    chunk.copy(this.inbound, this.inboundLength);
    this.inboundLength += chunk.length;
    if (this.inboundLength >= API_QUERY_SIZE * MAX_BUFFERED_QUERIES && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.pump();
  }

  /** Answers buffered queries one write at a time; waits for the kernel to take each one. */
  private pump(): void {
    let offset = 0;
    let answered = 0;
    while (!this.closed && !this.waitingForDrain && this.inboundLength - offset >= API_QUERY_SIZE) {
      if (answered === ANSWERS_PER_TURN) {
        this.schedulePump();
        break;
      }
      answered++;
      const answer = Buffer.allocUnsafe(API_RESPONSE_SIZE);
      this.server.answer(this.inbound, offset, answer);
      offset += API_QUERY_SIZE;
      this.socket.write(answer);
      // Anything still queued in Node would be merged into one writev with the next answer,
      // so wait until it has gone. Node emits 'drain' only after a write that returned false,
      // which a short queue never does; an empty write's callback comes once all before it left.
      if (this.socket.writableLength > 0) {
        this.waitingForDrain = true;
        this.socket.write(NOTHING, this.onFlushed);
      }
    }
    if (offset > 0) {
      this.inbound.copy(this.inbound, 0, offset, this.inboundLength);
      this.inboundLength -= offset;
    }
    if (this.paused && this.inboundLength < API_QUERY_SIZE * (MAX_BUFFERED_QUERIES / 2) && !this.closed) {
      this.paused = false;
      this.socket.resume();
    }
    // A trailing partial query can never complete once the client stopped sending.
    if (this.ended && !this.waitingForDrain && !this.pumpScheduled && !this.closed && this.inboundLength < API_QUERY_SIZE) {
      this.ended = false;
      this.socket.end(() => this.close());
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.server.release(this);
  }
}

class ApiServerCore implements ApiServer {
  readonly path: string;
  private readonly server: net.Server;
  private readonly active = new Set<ApiConnection>();
  private readonly parked: net.Socket[] = [];
  private readonly mode: number;
  private readonly idleTimeoutMs: number;
  private idleTimer: NodeJS.Timeout | null = null;
  private warnedThisBurst = false;
  private answered = 0;
  private badQueries = 0;
  private warningSecond = 0;
  private warningsThisSecond = 0;
  private suppressedWarnings = 0;
  private closing = false;

  constructor(
    private readonly options: ApiServerOptions,
    readonly maxClients: number,
  ) {
    this.path = options.path;
    this.mode = options.mode ?? API_DEFAULT_MODE;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    // pauseOnConnect: nothing is read from a parked client until it gets a slot.
    this.server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => this.onConnection(socket));
  }

  listen(): Promise<ApiServerError | null> {
    return new Promise((resolve) => {
      const onError = (error: Error): void => {
        resolve({ kind: 'system', message: `bind() on '${this.path}' failed.`, osMessage: osMessageOf(error) });
      };
      this.server.once('error', onError);
      // bind() happens synchronously inside listen(); the umask makes the file 0666 from the start.
      const previous = process.umask(0o777 & ~this.mode);
      try {
        this.server.listen({ path: this.path, backlog: this.maxClients }, () => {
          this.server.off('error', onError);
          this.server.on('error', () => undefined);
          try {
            fs.chmodSync(this.path, this.mode);
          } catch (error) {
            resolve({ kind: 'system', message: `chmod('${this.path}') failed.`, osMessage: osMessageOf(error) });
            return;
          }
          resolve(null);
        });
      } finally {
        process.umask(previous);
      }
    });
  }

  stats(): ApiServerStats {
    return { active: this.active.size, parked: this.parked.length, answered: this.answered, badQueries: this.badQueries };
  }

  private onConnection(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    socket.on('error', () => undefined);
    if (this.active.size < this.maxClients) {
      this.serve(socket);
      return;
    }
    if (!this.warnedThisBurst) {
      this.warnedThisBurst = true;
      this.options.warn('Too many API connections (use -S to adjust).\n');
    }
    if (this.parked.length >= MAX_PARKED) {
      socket.destroy();
      return;
    }
    this.parked.push(socket);
    socket.once('close', () => {
      const at = this.parked.indexOf(socket);
      if (at >= 0) this.parked.splice(at, 1);
    });
    this.armIdleTimer();
  }

  private serve(socket: net.Socket): void {
    const connection = new ApiConnection(socket, this);
    this.active.add(connection);
    connection.start();
  }

  release(connection: ApiConnection): void {
    if (!this.active.delete(connection)) return;
    while (!this.closing && this.active.size < this.maxClients && this.parked.length > 0) {
      const next = this.parked.shift() as net.Socket;
      if (next.destroyed) continue;
      this.serve(next);
    }
    // The burst is over once nobody waits; the next overflow warns again.
    if (this.parked.length === 0) {
      this.warnedThisBurst = false;
      this.disarmIdleTimer();
    }
  }

  /** Writes the answer to the query at `bytes[offset..+21]` into `out`. */
  answer(bytes: Uint8Array, offset: number, out: Uint8Array): void {
    this.answered++;
    const query = decodeApiQuery(bytes, offset);
    if (query.kind !== 'lookup') {
      this.badQueries++;
      const warning = apiQueryWarning(query);
      if (warning !== null) this.rateLimitedWarn(warning);
      encodeApiResponse(ApiStatus.badQuery, null, out);
      return;
    }
    const host = this.options.lookup(query.ipVersion, query.address);
    if (host === null) encodeApiResponse(ApiStatus.noMatch, null, out);
    else encodeApiResponse(ApiStatus.ok, host, out);
  }

  /** p0f warns on every bad query; a client sending garbage must not flood the log. */
  private rateLimitedWarn(message: string): void {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.warningSecond) {
      if (this.suppressedWarnings > 0) {
        this.options.warn(`Suppressed ${this.suppressedWarnings} more bad API query warning${this.suppressedWarnings === 1 ? '' : 's'}.`);
      }
      this.warningSecond = second;
      this.warningsThisSecond = 0;
      this.suppressedWarnings = 0;
    }
    if (this.warningsThisSecond < WARNINGS_PER_SECOND) {
      this.warningsThisSecond++;
      this.options.warn(message);
    } else {
      this.suppressedWarnings++;
    }
  }

  private armIdleTimer(): void {
    if (this.idleTimer !== null) return;
    const period = Math.max(10, Math.min(1000, Math.floor(this.idleTimeoutMs / 2)));
    this.idleTimer = setInterval(() => this.evictIdle(), period);
    this.idleTimer.unref();
  }

  private disarmIdleTimer(): void {
    if (this.idleTimer === null) return;
    clearInterval(this.idleTimer);
    this.idleTimer = null;
  }

  private evictIdle(): void {
    if (this.parked.length === 0) {
      this.disarmIdleTimer();
      return;
    }
    const now = Date.now();
    for (const connection of [...this.active]) {
      if (now - connection.lastActivity >= this.idleTimeoutMs) connection.close();
    }
  }

  close(): Promise<void> {
    if (this.closing) return Promise.resolve();
    this.closing = true;
    this.disarmIdleTimer();
    return new Promise((resolve) => {
      this.server.close(() => {
        try {
          fs.unlinkSync(this.path);
        } catch {
          // Already gone (Node may unlink it itself); nothing to clean.
        }
        resolve();
      });
      for (const socket of this.parked.splice(0)) socket.destroy();
      for (const connection of [...this.active]) connection.close();
    });
  }
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function osMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
