/**
 * The per-packet pipeline: decode → flow dispatch by TCP type (spec §7.2) →
 * fingerprint / NAT / mtu / uptime / HTTP → events. One instance per capture;
 * the decoded packet, the time and all tables are reused across packets.
 */
import type { CaptureRecord } from '../capture/capture-record.js';
import { DecodedPacket, PacketDecoder } from '../decode/decode-packet.js';
import { TcpFlags } from '../decode/decoded-packet.js';
import type { P0fEvent } from '../events/event.js';
import { buildMtuEvent } from '../events/build-mtu-event.js';
import { buildTcpEvent } from '../events/build-tcp-event.js';
import { buildUptimeEvent } from '../events/build-uptime-event.js';
import { rawMtu } from '../fingerprint/mtu.js';
import { formatTcpRawSig } from '../fingerprint/raw-sig.js';
import type { TcpObservation, TcpSignature } from '../fingerprint/tcp-types.js';
import type { HttpMatcher } from '../match/http-matcher.js';
import type { SignatureDatabase } from '../match/signature-database.js';
import type { MtuMatcher, TcpMatcher } from '../match/tcp-matcher.js';
import { processHttpPayload, type HttpContext } from '../http/http-module.js';
import { ConnectionTracker } from '../state/connection-tracker.js';
import { MAX_FLOW_DATA, type FlowRecord } from '../state/flow-record.js';
import type { HostTable } from '../state/host-table.js';
import type { FlowTable } from '../state/flow-table.js';
import { scoreTcpNat, verifyToolClass } from '../state/tcp-nat-score.js';
import { estimateUptime } from '../state/uptime.js';
import { isSendsynProbe } from '../fingerprint/tcp-fingerprint.js';

/** Same shape as runtime/match/matcher-set.ts `MatcherSet` (structural, so either works). */
export interface ProcessorMatchers {
  readonly database: SignatureDatabase;
  readonly tcp: TcpMatcher;
  readonly mtu: MtuMatcher;
  readonly http: HttpMatcher | null;
}

export interface PacketProcessorOptions {
  readonly matchers: ProcessorMatchers;
  /** Reproduce 3.09b's bugs exactly (`--compat 3.09b`). */
  readonly compat: boolean;
  readonly maxConnections: number;
  readonly maxHosts: number;
  readonly connectionMaxAgeSeconds: number;
  readonly hostIdleLimitMinutes: number;
  /** `-r`: suppresses the "too many" warnings, as p0f does. */
  readonly readingFile: boolean;
  readonly emit: (event: P0fEvent) => void;
  readonly warn: (message: string) => void;
}

export interface PacketProcessor {
  /** One BPF-passing packet. */
  process(record: CaptureRecord): void;
  readonly packetCount: number;
  readonly hosts: HostTable;
  readonly flows: FlowTable;
  readonly decoder: PacketDecoder;
  replaceMatchers(m: ProcessorMatchers): void;
}

const EXPIRE_INTERVAL = 50;
const SYN = TcpFlags.syn;
const ACK = TcpFlags.ack;
const FIN = TcpFlags.fin;
const RST = TcpFlags.rst;

/** Mutable packet time shared by one processor; event builders copy it. */
interface MutableTime {
  seconds: number;
  microseconds: number;
}

export function createPacketProcessor(options: PacketProcessorOptions): PacketProcessor {
  return new Processor(options);
}

class Processor implements PacketProcessor, HttpContext {
  readonly decoder: PacketDecoder;
  private readonly tracker: ConnectionTracker;
  private readonly packet = new DecodedPacket();
  readonly time: MutableTime = { seconds: 0, microseconds: 0 };
  readonly emit: (event: P0fEvent) => void;
  readonly compat: boolean;
  private matchers: ProcessorMatchers;
  private count = 0;
  private lastExpireSecond = 0;

  constructor(options: PacketProcessorOptions) {
    this.decoder = new PacketDecoder({ compat: options.compat });
    this.tracker = new ConnectionTracker(options, options.compat, options.readingFile, options.warn);
    this.emit = options.emit;
    this.compat = options.compat;
    this.matchers = options.matchers;
  }

  // HttpContext view of this processor (no per-packet context object). Only read by the
  // HTTP module, which is called only when an HTTP matcher is present.
  get matcher(): HttpMatcher {
    return this.matchers.http as HttpMatcher;
  }
  get database(): SignatureDatabase {
    return this.matchers.database;
  }

  get packetCount(): number {
    return this.count;
  }
  get hosts(): HostTable {
    return this.tracker.hosts;
  }
  get flows(): FlowTable {
    return this.tracker.flows;
  }

  replaceMatchers(m: ProcessorMatchers): void {
    this.matchers = m;
  }

  process(record: CaptureRecord): void {
    this.count++;
    const now = record.seconds >>> 0;
    this.time.seconds = record.seconds;
    this.time.microseconds = record.microseconds;
    // §7.5: every 50th packet, at most once per packet-second.
    if (this.count % EXPIRE_INTERVAL === 0 && now !== this.lastExpireSecond) {
      this.tracker.expire(now);
      this.lastExpireSecond = now;
    }
    const p = this.packet;
    if (this.decoder.decode(record, p) !== 'ok') return;
    this.dispatch(p, record, now);
  }

  private dispatch(p: DecodedPacket, record: CaptureRecord, now: number): void {
    const flows = this.tracker.flows;
    let flow = flows.lookup(p.ipVersion, p.src, 0, p.srcPort, p.dst, 0, p.dstPort);
    const toServer = flows.lastToServer;
    const obs = p.tcp;
    switch (p.tcpType) {
      case SYN: {
        if (flow !== null) {
          if (toServer && ((flow.nextCliSeq - 1) >>> 0) === p.seq) return;
          flows.destroy(flow.slot);
        }
        flow = this.tracker.createFlow(p.ipVersion, p.src, 0, p.srcPort, p.dst, 0, p.dstPort, p.seq, now);
        flow.sendsyn = isSendsynProbe(obs);
        const osSig = this.fingerprint(flow, false, obs);
        if (!osSig && !flow.sendsyn) {
          flows.destroy(flow.slot);
          return;
        }
        this.mtuEvent(flow, false, obs);
        this.uptimeCheck(flow, true, obs, p.tcpType);
        if (osSig) flow.client.storeLastSyn(obs, this.lastMatched, this.lastFuzzy, this.lastDistance);
        return;
      }
      case SYN | ACK: {
        if (flow === null) return;
        if (flow.sendsyn) {
          this.fingerprint(flow, true, obs);
          flows.destroy(flow.slot);
          return;
        }
        if (toServer || flow.acked) return;
        flow.acked = true;
        const osSig = this.fingerprint(flow, true, obs);
        if (!osSig) {
          flows.destroy(flow.slot);
          return;
        }
        this.mtuEvent(flow, true, obs);
        this.uptimeCheck(flow, false, obs, p.tcpType);
        flow.server.storeLastSynAck(obs, this.lastMatched, this.lastFuzzy, this.lastDistance);
        flow.nextSrvSeq = (p.seq + 1) >>> 0;
        return;
      }
      case RST | ACK:
      case RST:
      case FIN | ACK:
      case FIN: {
        if (flow === null) return;
        this.uptimeCheck(flow, toServer, obs, p.tcpType);
        flows.destroy(flow.slot);
        return;
      }
      case ACK: {
        if (flow === null) return;
        if (flow.sendsyn || !flow.acked) {
          flows.destroy(flow.slot);
          return;
        }
        const len = p.payloadLength;
        if (toServer) {
          if (p.seq !== flow.nextCliSeq) return;
          flow.appendPayload(true, record.data, p.payloadOffset, len);
          this.uptimeCheck(flow, true, obs, p.tcpType);
          flow.nextCliSeq = (flow.nextCliSeq + len) >>> 0;
        } else {
          if (p.seq !== flow.nextSrvSeq) return;
          flow.appendPayload(false, record.data, p.payloadOffset, len);
          this.uptimeCheck(flow, false, obs, p.tcpType);
          flow.nextSrvSeq = (flow.nextSrvSeq + len) >>> 0;
        }
        if (len === 0) return;
        const needMore = this.matchers.http === null ? true : processHttpPayload(flow, toServer, this);
        if (!needMore) flows.destroy(flow.slot);
        else if (flow.requestLength >= MAX_FLOW_DATA && flow.responseLength >= MAX_FLOW_DATA) flows.destroy(flow.slot);
        return;
      }
      default:
        // The decoder drops every other flag combination.
        return;
    }
  }

  // Result of the last fingerprint() call, for storing as last_syn / last_synack.
  private lastMatched: TcpSignature | null = null;
  private lastFuzzy = false;
  private lastDistance = 0;

  /**
   * §6: matches, emits the observation, applies the side effects. Returns true when the
   * result is an OS or unknown signature (to be stored), false for a tool match or a
   * sendsyn flow.
   */
  private fingerprint(flow: FlowRecord, isSynAck: boolean, obs: TcpObservation): boolean {
    const peerMss = isSynAck ? flow.synMss : 0;
    const result = this.matchers.tcp.match(obs, isSynAck ? 'response' : 'request', peerMss);
    const names = this.matchers.database.names;
    this.emit(buildTcpEvent(flow, isSynAck, result, obs.tos, formatTcpRawSig(obs, peerMss, isSynAck), names, this.time));
    if (!isSynAck) flow.synMss = obs.mss;
    const matched = result.kind === 'match' ? result.signature : null;
    const fuzzy = result.kind === 'match' && result.tier === 'fuzzy';
    const host = isSynAck ? flow.server : flow.client;
    if (matched === null || !matched.badTtl) host.distance = result.distance & 0xff;
    this.lastMatched = matched;
    this.lastFuzzy = fuzzy;
    this.lastDistance = result.distance;
    if (matched !== null && matched.classId === -1) {
      verifyToolClass(flow, !isSynAck, matched, this.time, this.emit);
      return false;
    }
    if (flow.sendsyn) return false;
    scoreTcpNat(flow, !isSynAck, obs, matched, fuzzy, result.distance, this.time, this.emit);
    return true;
  }

  /** §9.3 */
  private mtuEvent(flow: FlowRecord, isSynAck: boolean, obs: TcpObservation): void {
    if (obs.mss === 0 || flow.sendsyn) return;
    const mtu = rawMtu(obs);
    const link = this.matchers.mtu.lookup(mtu);
    if (link !== null) (isSynAck ? flow.server : flow.client).linkType = link;
    this.emit(buildMtuEvent(flow, isSynAck ? 'srv' : 'cli', link, mtu, this.time));
  }

  /** §8.5 */
  private uptimeCheck(flow: FlowRecord, toServer: boolean, obs: TcpObservation, tcpType: number): void {
    if (obs.ts1 === 0 || flow.sendsyn) return;
    const host = toServer ? flow.client : flow.server;
    if ((toServer ? flow.cliTps : flow.srvTps) !== 0) return;
    const ref = toServer ? host.lastSyn : host.lastSynAck;
    if (ref === null || ref.ts1 === 0) return;
    const est = estimateUptime(ref, obs.ts1, obs.receivedMs);
    if (est.kind === 'skip') return;
    if (est.kind === 'rejected') {
      if (tcpType !== SYN) {
        if (toServer) flow.cliTps = -1;
        else flow.srvTps = -1;
      }
      return;
    }
    if (toServer) flow.cliTps = est.snapped;
    else flow.srvTps = est.snapped;
    host.lastUptimeMinutes = est.upMinutes;
    host.upModDays = est.modDays;
    this.emit(buildUptimeEvent(flow, toServer ? 'cli' : 'srv', est.upMinutes, est.modDays, est.frequency, this.time));
  }
}
