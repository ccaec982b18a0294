/**
 * HTTP's contribution to NAT / host-change detection (spec B.8.2), followed by the
 * host updates of B.9. Uses the state layer's shared score boards.
 */
import type { PacketTime, P0fEvent } from '../events/event.js';
import type { FlowRecord } from '../state/flow-record.js';
import type { HostRecord, StoredHttpMessage } from '../state/host-record.js';
import { NatReason } from '../state/nat-reason.js';
import { recordNatScore } from '../state/nat-score.js';
import type { SignatureDatabase } from '../match/signature-database.js';
import type { SysEntry } from '../fingerprint/tcp-types.js';
import type { HttpVerdict } from './http-verdict.js';

/** VERIFY_TOOL_CLASS: is an application with this `sys` list plausible on the host's OS? */
function toolFitsHost(host: HostRecord, sys: readonly SysEntry[]): boolean {
  return sys.some((e) => (e.kind === 'class' ? e.classId === host.lastClassId : e.nameId === host.lastNameId));
}

export function scoreHttpNat(
  flow: FlowRecord,
  verdict: HttpVerdict,
  db: SignatureDatabase,
  time: PacketTime,
  emit: (event: P0fEvent) => void,
): void {
  const request = verdict.observation.direction === 'request';
  const role = request ? 'cli' : 'srv';
  const host = request ? flow.client : flow.server;
  const m = verdict.match.kind === 'match' ? verdict.match.signature : null;
  const ref: StoredHttpMessage | null = request
    ? host.httpRequestOs
    : host.httpResponsePort === flow.srvPort
      ? host.httpResponse
      : null;
  let score = 0;
  let reasons = 0;

  if (m === null) {
    if (!request && ref !== null && ref.matched !== null) {
      score += 4;
      reasons |= NatReason.xKnown;
    }
  } else if (m.classId === -1) {
    if (host.lastClassId !== -1) {
      // A separate push made before the HTTP one, so one message can give two events.
      if (toolFitsHost(host, m.sys)) recordNatScore(flow, role, 0, 0, time, emit);
      else recordNatScore(flow, role, 4, NatReason.appVsOs, time, emit);
    }
    if (!request && ref !== null && ref.matched !== null) {
      if (ref.matched.nameId !== m.nameId) {
        score += 8;
        reasons |= NatReason.srvSigLb;
      } else if (ref.matched.labelId !== m.labelId) {
        score += 2;
        reasons |= NatReason.srvSigLb;
      }
    }
  } else {
    let differs = false;
    if (ref !== null && ref.matched !== null) {
      if (ref.matched.nameId !== m.nameId) {
        score += 8;
        reasons |= NatReason.osDiff;
        differs = true;
      } else if (ref.matched.nameId !== m.labelId) {
        // 3.09b compares a name id with a label id here; observable, so kept.
        score += 2;
        reasons |= NatReason.osDiff;
      }
    } else if (ref !== null) {
      score += 4;
      reasons |= NatReason.xKnown;
    }
    if (!differs && host.lastNameId !== m.nameId) {
      score += 4;
      reasons |= NatReason.osDiff;
    }
  }

  const software = verdict.observation.software;
  if (request && m !== null && m.classId === -1 && software !== null && !verdict.dishonest) {
    const entry = db.uaOs.find((e) => software.includes(e.match));
    if (entry !== undefined) {
      if (entry.nameId !== host.lastNameId) {
        score += 4;
        reasons |= NatReason.uaVsOs;
        if (host.badSoftware === 0) host.badSoftware = 1;
      } else {
        host.badSoftware = 0;
      }
    }
  }

  if (verdict.observation.via) {
    score += 8;
    reasons |= NatReason.via;
  }

  if (!request && ref !== null && ref.date !== 0 && verdict.observation.date !== 0) {
    const elapsed = verdict.observation.receivedSeconds - ref.receivedSeconds;
    const skew = verdict.observation.date - ref.date;
    if (skew < -10 || skew > elapsed + 10) {
      score += 4;
      reasons |= NatReason.date;
    }
  }

  recordNatScore(flow, role, score, reasons, time, emit);
}

/** B.9: what the host remembers after an HTTP message (run after the scoring). */
export function updateHostAfterHttp(flow: FlowRecord, verdict: HttpVerdict): void {
  const obs = verdict.observation;
  const request = obs.direction === 'request';
  const host = request ? flow.client : flow.server;
  const m = verdict.match.kind === 'match' ? verdict.match.signature : null;
  const stored: StoredHttpMessage = { matched: m, date: obs.date, receivedSeconds: obs.receivedSeconds };
  if (!request) {
    host.httpResponse = stored;
    host.httpResponsePort = flow.srvPort;
  }
  if (request && verdict.language.kind === 'known') host.language = verdict.language.name;
  if (m === null) return;
  if (m.classId !== -1) {
    if (request) host.httpRequestOs = stored;
    host.lastClassId = m.classId;
    host.lastNameId = m.nameId;
    host.lastFlavor = m.flavor;
    host.lastQuality = m.generic ? 2 : 0;
  } else {
    host.httpNameId = m.nameId;
    host.httpFlavor = m.flavor;
    if (verdict.dishonest) host.badSoftware = 2;
  }
}
