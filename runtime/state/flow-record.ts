/**
 * One tracked TCP connection (spec §7.1 flow record, companion B.1/B.2), as a view of
 * its slot in the flow table's arena. Payload buffers and HTTP parser state live in the
 * table's side arrays: allocated on the first payload only, so a SYN flood costs no
 * buffer memory, and kept with the slot when it is reused.
 */
import type { HttpFlowState } from '../http/http-flow-state.js';
import {
  F_CLI_PORT, F_CLI_TPS, F_CLIENT, F_CREATED, F_FLAGS, F_NEXT_CLI_SEQ, F_NEXT_SRV_SEQ, F_REQUEST_LENGTH,
  F_RESPONSE_LENGTH, F_SERVER, F_SRV_PORT, F_SRV_TPS, F_SYN_MSS, FF_ACKED, FF_SENDSYN, FLOW_STRIDE,
} from './flow-layout.js';
import type { HostRecord } from './host-record.js';

/** Bytes of payload kept per direction (MAX_FLOW_DATA). */
export const MAX_FLOW_DATA = 8192;

/** Storage the views read: the flow table implements it. */
export interface FlowStore {
  /** The arena; replaced when it grows, so views read it on every access. */
  readonly words: Int32Array;
  hostView(slot: number): HostRecord;
  /** The slot's buffer for one direction, allocated on first use. */
  bufferFor(slot: number, toServer: boolean): Uint8Array;
  bufferOf(slot: number, toServer: boolean): Uint8Array | null;
  httpOf(slot: number): HttpFlowState | null;
  setHttp(slot: number, state: HttpFlowState | null): void;
}

const NO_DATA = new Uint8Array(0);

export class FlowRecord {
  private readonly o: number;
  // Host views made on first use: a packet asks for its hosts several times.
  private clientView: HostRecord | null = null;
  private serverView: HostRecord | null = null;

  constructor(private readonly store: FlowStore, readonly slot: number) {
    this.o = slot * FLOW_STRIDE;
  }

  get client(): HostRecord {
    return (this.clientView ??= this.store.hostView(this.store.words[this.o + F_CLIENT]));
  }
  get server(): HostRecord {
    return (this.serverView ??= this.store.hostView(this.store.words[this.o + F_SERVER]));
  }
  get cliPort(): number { return this.store.words[this.o + F_CLI_PORT]; }
  get srvPort(): number { return this.store.words[this.o + F_SRV_PORT]; }

  /** A SYN+ACK has been seen (and fingerprinted) for this flow. */
  get acked(): boolean { return (this.store.words[this.o + F_FLAGS] & FF_ACKED) !== 0; }
  set acked(v: boolean) { this.setFlag(FF_ACKED, v); }
  /** p0f-sendsyn flow (SYN with window 1337 and MSS 1331). */
  get sendsyn(): boolean { return (this.store.words[this.o + F_FLAGS] & FF_SENDSYN) !== 0; }
  set sendsyn(v: boolean) { this.setFlag(FF_SENDSYN, v); }
  /** Timestamp-clock state per direction: 0 not yet, -1 gave up, >0 the rounded frequency. */
  get cliTps(): number { return this.store.words[this.o + F_CLI_TPS]; }
  set cliTps(v: number) { this.store.words[this.o + F_CLI_TPS] = v; }
  get srvTps(): number { return this.store.words[this.o + F_SRV_TPS]; }
  set srvTps(v: number) { this.store.words[this.o + F_SRV_TPS] = v; }
  /** MSS of the SYN that opened the flow (the SYN+ACK's peer MSS). */
  get synMss(): number { return this.store.words[this.o + F_SYN_MSS]; }
  set synMss(v: number) { this.store.words[this.o + F_SYN_MSS] = v; }
  /** Expected next sequence numbers (unsigned 32-bit). */
  get nextCliSeq(): number { return this.store.words[this.o + F_NEXT_CLI_SEQ] >>> 0; }
  set nextCliSeq(v: number) { this.store.words[this.o + F_NEXT_CLI_SEQ] = v; }
  get nextSrvSeq(): number { return this.store.words[this.o + F_NEXT_SRV_SEQ] >>> 0; }
  set nextSrvSeq(v: number) { this.store.words[this.o + F_NEXT_SRV_SEQ] = v; }
  /** Packet seconds of creation. */
  get created(): number { return this.store.words[this.o + F_CREATED] >>> 0; }

  /** Client → server payload; only the first `requestLength` bytes are meaningful. */
  get request(): Uint8Array { return this.store.bufferOf(this.slot, true) ?? NO_DATA; }
  get requestLength(): number { return this.store.words[this.o + F_REQUEST_LENGTH]; }
  /** Server → client payload. */
  get response(): Uint8Array { return this.store.bufferOf(this.slot, false) ?? NO_DATA; }
  get responseLength(): number { return this.store.words[this.o + F_RESPONSE_LENGTH]; }

  /** HTTP parser state, created lazily by the HTTP module. */
  get http(): HttpFlowState | null { return this.store.httpOf(this.slot); }
  set http(v: HttpFlowState | null) { this.store.setHttp(this.slot, v); }

  /**
   * Appends in-sequence payload, keeping at most MAX_FLOW_DATA bytes per direction.
   * Returns the number of bytes kept.
   */
  appendPayload(toServer: boolean, data: Uint8Array, offset: number, length: number): number {
    const at = this.o + (toServer ? F_REQUEST_LENGTH : F_RESPONSE_LENGTH);
    const w = this.store.words;
    const have = w[at];
    const room = MAX_FLOW_DATA - have;
    const n = length < room ? length : room;
    if (n <= 0) return 0;
    this.store.bufferFor(this.slot, toServer).set(data.subarray(offset, offset + n), have);
    w[at] = have + n;
    return n;
  }

  /** The accumulated payload of one direction, as a view. */
  payload(toServer: boolean): Uint8Array {
    return toServer ? this.request.subarray(0, this.requestLength) : this.response.subarray(0, this.responseLength);
  }

  private setFlag(bit: number, on: boolean): void {
    const w = this.store.words;
    w[this.o + F_FLAGS] = on ? w[this.o + F_FLAGS] | bit : w[this.o + F_FLAGS] & ~bit;
  }
}
