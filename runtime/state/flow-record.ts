/**
 * One tracked TCP connection (spec §7.1 flow record, companion B.1/B.2).
 * Payload buffers are allocated on the first payload only, so a SYN flood costs no
 * buffer memory; recycled records keep their buffers.
 */
import type { HostRecord } from './host-record.js';
import type { HttpFlowState } from '../http/http-flow-state.js';

/** Bytes of payload kept per direction (MAX_FLOW_DATA). */
export const MAX_FLOW_DATA = 8192;

const NO_DATA = new Uint8Array(0);

export class FlowRecord {
  // ---- intrusive table links (flow table only); first, next to the lookup keys ----
  hash = 0;
  bucketNext: FlowRecord | null = null;
  older: FlowRecord | null = null;
  newer: FlowRecord | null = null;

  client!: HostRecord;
  server!: HostRecord;
  cliPort = 0;
  srvPort = 0;
  /** A SYN+ACK has been seen (and fingerprinted) for this flow. */
  acked = false;
  /** p0f-sendsyn flow (SYN with window 1337 and MSS 1331). */
  sendsyn = false;
  /** Timestamp-clock state per direction: 0 not yet, -1 gave up, >0 the rounded frequency. */
  cliTps = 0;
  srvTps = 0;
  /** MSS of the SYN that opened the flow (the SYN+ACK's peer MSS). */
  synMss = 0;
  /** Expected next sequence numbers (unsigned 32-bit). */
  nextCliSeq = 0;
  nextSrvSeq = 0;
  /** Packet seconds of creation. */
  created = 0;
  /** Client → server payload; only the first `requestLength` bytes are meaningful. */
  request: Uint8Array = NO_DATA;
  requestLength = 0;
  /** Server → client payload. */
  response: Uint8Array = NO_DATA;
  responseLength = 0;
  /** HTTP parser state, created lazily by the HTTP module. */
  http: HttpFlowState | null = null;

  /**
   * Appends in-sequence payload, keeping at most MAX_FLOW_DATA bytes per direction.
   * Returns the number of bytes kept.
   */
  appendPayload(toServer: boolean, data: Uint8Array, offset: number, length: number): number {
    if (toServer) {
      const room = MAX_FLOW_DATA - this.requestLength;
      const n = length < room ? length : room;
      if (n <= 0) return 0;
      if (this.request.length === 0) this.request = new Uint8Array(MAX_FLOW_DATA);
      this.request.set(data.subarray(offset, offset + n), this.requestLength);
      this.requestLength += n;
      return n;
    }
    const room = MAX_FLOW_DATA - this.responseLength;
    const n = length < room ? length : room;
    if (n <= 0) return 0;
    if (this.response.length === 0) this.response = new Uint8Array(MAX_FLOW_DATA);
    this.response.set(data.subarray(offset, offset + n), this.responseLength);
    this.responseLength += n;
    return n;
  }

  /** The accumulated payload of one direction, as a view. */
  payload(toServer: boolean): Uint8Array {
    return toServer ? this.request.subarray(0, this.requestLength) : this.response.subarray(0, this.responseLength);
  }

  /** Resets per-connection state for reuse (§7.3: all else zero). Keeps buffers. */
  reset(client: HostRecord, server: HostRecord, cliPort: number, srvPort: number, seq: number, nowSeconds: number): void {
    this.client = client;
    this.server = server;
    this.cliPort = cliPort;
    this.srvPort = srvPort;
    this.acked = false;
    this.sendsyn = false;
    this.cliTps = 0;
    this.srvTps = 0;
    this.synMss = 0;
    this.nextCliSeq = (seq + 1) >>> 0;
    this.nextSrvSeq = 0;
    this.created = nowSeconds;
    this.requestLength = 0;
    this.responseLength = 0;
    this.http = null;
  }
}
