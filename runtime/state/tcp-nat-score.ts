/**
 * NAT / host-change scoring of a SYN or SYN+ACK against the host's previous one
 * (spec §8.1), and the userland-tool consistency check (§8.4).
 */
import type { PacketTime, P0fEvent } from '../events/event.js';
import { QUIRK_BIT, type SysEntry, type TcpObservation, type TcpSignature } from '../fingerprint/tcp-types.js';
import type { FlowRecord } from './flow-record.js';
import type { HostRecord } from './host-record.js';
import { NatReason } from './nat-reason.js';
import { recordNatScore } from './nat-score.js';

const QUIRKS_IGNORED_FOR_SIG_DIFF = QUIRK_BIT.ecn | QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-'];
const MAX_NAT_TS = 86400000;
const TSTAMP_GRACE = 100;
const MAX_TSCALE = 1500;
const MIN_PORT_DROP = 64;
const SMALL_TTL_CHG = 2;
const LOCAL_TTL_LIMIT = 5;
const NEAR_TTL_LIMIT = 9;
const U32_MAX = 0xffffffff;

/**
 * Scores the current signature S (packet `obs`, `matched`, `fuzzy`, `distance`) of the
 * client (SYN, `isSyn`) or server (SYN+ACK), pushes the score (possibly emitting
 * `host change` / `ip sharing`), then records the host's OS belief and `last_port`.
 */
export function scoreTcpNat(
  flow: FlowRecord,
  isSyn: boolean,
  obs: TcpObservation,
  matched: TcpSignature | null,
  fuzzy: boolean,
  distance: number,
  time: PacketTime,
  emit: (event: P0fEvent) => void,
): void {
  const hd: HostRecord = isSyn ? flow.client : flow.server;
  const ref = isSyn ? hd.lastSyn : hd.lastSynAck;
  let score = 0;
  let reason = 0;
  if (ref === null) {
    if (matched !== null && hd.lastClassId !== -1 && hd.lastNameId !== matched.nameId) {
      reason |= NatReason.osDiff;
      score += 8;
    }
  } else {
    let diffAlready = false;
    const refMatched = ref.matched;
    if (matched === null || refMatched === null) {
      if (((obs.quirks ^ ref.quirks) & ~QUIRKS_IGNORED_FOR_SIG_DIFF) !== 0) {
        reason |= NatReason.sigDiff;
        score += 2;
      } else if (isSyn && !ref.sameLayout(obs)) {
        reason |= NatReason.sigDiff;
        score += 1;
      }
      if (isSyn && (matched === null) !== (refMatched === null)) {
        reason |= NatReason.xKnown;
        score += 1;
      }
    } else if (refMatched.nameId !== matched.nameId) {
      score += 8;
      reason |= NatReason.osDiff;
      diffAlready = true;
    } else if (isSyn) {
      if (refMatched.labelId !== matched.labelId) {
        score += 2;
        reason |= NatReason.osDiff;
      } else if (refMatched.line !== matched.line) {
        score += 1;
        reason |= NatReason.osDiff;
      } else if (ref.fuzzy !== fuzzy) {
        score += 1;
        reason |= NatReason.fuzzy;
      }
    }
    if (!diffAlready && matched !== null && hd.lastClassId !== -1 && hd.lastNameId !== matched.nameId) {
      score += 8;
      reason |= NatReason.osDiff;
      diffAlready = true;
    }
    const ttlDiff = obs.ttl - ref.ttl;
    if (
      !diffAlready && ttlDiff !== 0 &&
      !(matched !== null && matched.badTtl) && !(refMatched !== null && refMatched.badTtl) &&
      (distance <= NEAR_TTL_LIMIT || ttlDiff > 1)
    ) {
      score += distance > LOCAL_TTL_LIMIT && Math.abs(ttlDiff) <= SMALL_TTL_CHG ? 1 : 4;
      reason |= NatReason.ttl;
    }
    if (isSyn && hd.lastPort !== 0 && flow.cliPort < hd.lastPort && hd.lastPort - flow.cliPort >= MIN_PORT_DROP) {
      score += 1;
      reason |= NatReason.port;
    }
    if (obs.mss !== ref.mss) {
      score += 1;
      reason |= NatReason.mtu;
    }
    if (score > 0 && obs.ts1 !== 0 && ref.ts1 !== 0) {
      // Unsigned 64-bit in p0f: a negative interval is huge and skips the check.
      const ms = obs.receivedMs - ref.receivedMs;
      if (ms >= 0 && ms < MAX_NAT_TS) {
        const use = ms < TSTAMP_GRACE ? TSTAMP_GRACE : ms;
        const maxTs = Math.floor((use * MAX_TSCALE) / 1000);
        const d = (obs.ts1 - ref.ts1) >>> 0;
        if (d > maxTs && (ms >= TSTAMP_GRACE || U32_MAX - d > maxTs)) {
          score += 4;
          reason |= NatReason.tstamp;
        } else {
          score = Math.floor(score / 2);
        }
      }
    }
  }
  recordNatScore(flow, isSyn ? 'cli' : 'srv', score, reason, time, emit);
  if (matched !== null) {
    hd.lastClassId = matched.classId;
    hd.lastNameId = matched.nameId;
    hd.lastFlavor = matched.flavor;
    hd.lastQuality = (fuzzy ? 1 : 0) | (matched.generic ? 2 : 0);
  }
  hd.lastPort = flow.cliPort;
}

/** Whether a tool's `sys` list admits the host's recorded OS (§8.4). */
export function toolMatchesHost(host: HostRecord, sys: readonly SysEntry[]): boolean {
  for (const entry of sys) {
    if (entry.kind === 'class' ? entry.classId === host.lastClassId : entry.nameId === host.lastNameId) return true;
  }
  return false;
}

/** §8.4: a userland-tool match on a host with a known OS scores 0 or 4 (`app_vs_os`). */
export function verifyToolClass(
  flow: FlowRecord,
  isSyn: boolean,
  tool: TcpSignature,
  time: PacketTime,
  emit: (event: P0fEvent) => void,
): void {
  const host = isSyn ? flow.client : flow.server;
  if (host.lastClassId === -1) return;
  if (toolMatchesHost(host, tool.sys)) recordNatScore(flow, isSyn ? 'cli' : 'srv', 0, 0, time, emit);
  else recordNatScore(flow, isSyn ? 'cli' : 'srv', 4, NatReason.appVsOs, time, emit);
}
