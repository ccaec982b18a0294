/**
 * `diff --corpus`: replays captures through the OLD and the NEW database (interpreted
 * matchers, p0f's default filter and limits) and reports every observation whose
 * classification changed, attributing each change to the signature changes that caused it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileCaptureFilter, runBpf } from '../../runtime/capture/bpf-filter.js';
import { openCaptureFile } from '../../runtime/capture/capture-file.js';
import { formatCaptureError, isCaptureError, type CaptureRecord } from '../../runtime/capture/capture-record.js';
import { DecodedPacket, PacketDecoder } from '../../runtime/decode/decode-packet.js';
import type { P0fEvent } from '../../runtime/events/event.js';
import { TcpObservation } from '../../runtime/fingerprint/tcp-types.js';
import { detectWindowMultiplier } from '../../runtime/fingerprint/window-multiplier.js';
import { createInterpretedHttpMatcher } from '../../runtime/match/http-matcher.js';
import { createInterpretedMtuMatcher } from '../../runtime/match/mtu-matcher.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { createInterpretedTcpMatcher } from '../../runtime/match/tcp-interpreter.js';
import { formatEndpoint } from '../../runtime/output/address-text.js';
import { createPacketProcessor } from '../../runtime/process/packet-processor.js';
import { tcpCandidateFit } from '../explain/explain-tcp.js';
import type { NameSpellingChange, SemanticDiff, SignatureChange } from './semantic-diff.js';
import type { SectionId } from './signature-view.js';

/** What one observation said under one database. */
export interface Outcome {
  /** `os`/`app` value (or MTU link); null = `???`. */
  readonly label: string | null;
  readonly tier: 'exact' | 'generic' | 'fuzzy' | null;
  /** Line of the winning signature in its database. */
  readonly line: number | null;
  /** False when this database produced no such observation at all. */
  readonly present: boolean;
}

export interface ClassificationChange {
  readonly keyword: string;
  readonly capture: string;
  readonly client: string;
  readonly server: string;
  readonly rawSig: string | null;
  readonly old: Outcome;
  readonly new: Outcome;
  /** Indices into the diff's `signatures`, and name changes, that explain it. */
  readonly causes: readonly number[];
  readonly nameCauses: readonly NameSpellingChange[];
}

export interface ChangeGroup {
  readonly keyword: string;
  readonly old: string;
  readonly new: string;
  readonly count: number;
  readonly example: ClassificationChange;
  readonly causes: readonly number[];
}

export interface CorpusComparison {
  readonly captures: readonly string[];
  readonly observations: number;
  readonly changes: readonly ClassificationChange[];
  readonly groups: readonly ChangeGroup[];
  readonly unattributed: number;
  /** Captures that could not be read (they still count as replayed up to the damage). */
  readonly errors: readonly string[];
}

const OBSERVED = new Set(['syn', 'syn+ack', 'sendsyn probe', 'sendsyn response', 'http request', 'http response', 'mtu']);

/** `.pcap`/`.pcapng` files under each path (recursively), sorted. A file path is taken as is. */
export function findCaptures(paths: readonly string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const walk = (path: string, top: boolean): void => {
    let info;
    try {
      info = statSync(path);
    } catch (error) {
      errors.push(`cannot read '${path}': ${(error as Error).message}`);
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name), false);
    } else if (top || /\.(pcap|pcapng)$/i.test(path)) {
      files.push(path);
    }
  };
  for (const path of paths) walk(path, true);
  return { files, errors };
}

/** One observation event of a replay, with what explain needs to re-run its match. */
export interface ReplayedEvent {
  /** keyword, connection, time and occurrence: equal across runs of the same capture. */
  readonly key: string;
  readonly event: P0fEvent;
  /** The SYN / SYN+ACK observation behind a TCP event, and the flow's SYN MSS. */
  readonly observation: TcpObservation | null;
  readonly peerMss: number;
}

export interface ReplayOptions {
  /** Reproduce p0f 3.09b's packet-handling bugs (`--compat 3.09b`). */
  readonly compat?: boolean;
}

export function compareOnCorpus(
  oldDb: SignatureDatabase,
  newDb: SignatureDatabase,
  captures: readonly string[],
  diff: SemanticDiff,
  options: ReplayOptions = {},
): CorpusComparison {
  const compat = options.compat === true;
  const changes: ClassificationChange[] = [];
  const errors: string[] = [];
  let observations = 0;
  for (const capture of captures) {
    const before = replayCapture(oldDb, capture, compat);
    const after = replayCapture(newDb, capture, compat);
    if (before.error !== null) errors.push(before.error);
    const afterByKey = new Map(after.events.map((r) => [r.key, r]));
    const beforeKeys = new Set(before.events.map((r) => r.key));
    const pairs: [ReplayedEvent | null, ReplayedEvent | null][] = before.events.map((r) => [r, afterByKey.get(r.key) ?? null]);
    for (const r of after.events) if (!beforeKeys.has(r.key)) pairs.push([null, r]);
    observations += pairs.length;
    const connectionCauses = new Map<string, { causes: number[]; names: NameSpellingChange[] }>();
    for (const [o, n] of pairs) {
      const either = (o ?? n) as ReplayedEvent;
      const oldOutcome = outcomeOf(o, oldDb);
      const newOutcome = outcomeOf(n, newDb);
      if (sameOutcome(oldOutcome, newOutcome)) continue;
      const connection = `${formatEndpoint(either.event.client)}>${formatEndpoint(either.event.server)}`;
      let causes = attribute(either, oldOutcome, newOutcome, diff, o, n);
      if (causes.causes.length === 0 && causes.names.length === 0) {
        // An observation that appears or disappears follows from an earlier change on the same connection.
        causes = connectionCauses.get(connection) ?? causes;
      } else {
        const seen = connectionCauses.get(connection);
        connectionCauses.set(connection, seen === undefined ? causes : { causes: [...new Set([...seen.causes, ...causes.causes])], names: [...seen.names, ...causes.names] });
      }
      changes.push({
        keyword: either.event.keyword,
        capture,
        client: formatEndpoint(either.event.client),
        server: formatEndpoint(either.event.server),
        rawSig: rawSigOf(either.event),
        old: oldOutcome,
        new: newOutcome,
        causes: causes.causes,
        nameCauses: causes.names,
      });
    }
  }
  return { captures, observations, changes, groups: groupChanges(changes), unattributed: changes.filter((c) => c.causes.length === 0 && c.nameCauses.length === 0).length, errors };
}

/** One observation of one replay, for callers that compare runs themselves. */
export interface ObservedOutcome {
  readonly keyword: string;
  readonly client: string;
  readonly server: string;
  /** Capture time of the packet that completed the observation, in seconds. */
  readonly seconds: number;
  readonly outcome: Outcome;
}

/** Replays one capture through one database and lists what each observation said. */
export function observeCapture(db: SignatureDatabase, capture: string, options: ReplayOptions = {}): { observations: ObservedOutcome[]; error: string | null } {
  const run = replayCapture(db, capture, options.compat === true);
  return {
    observations: run.events.map((r) => ({
      keyword: r.event.keyword,
      client: formatEndpoint(r.event.client),
      server: formatEndpoint(r.event.server),
      seconds: r.event.time.seconds,
      outcome: outcomeOf(r, db),
    })),
    error: run.error,
  };
}

export function replayCapture(db: SignatureDatabase, capture: string, compat: boolean): { events: ReplayedEvent[]; error: string | null } {
  const events: ReplayedEvent[] = [];
  const opened = openCaptureFile(capture);
  if (!opened.ok) return { events, error: formatCaptureError(opened.error) };
  const reader = opened.reader;
  let record = reader.next();
  if (isCaptureError(record)) {
    reader.close();
    return { events, error: formatCaptureError(record) };
  }
  const linkType = record !== null ? record.linkType : reader.linkType >= 0 ? reader.linkType : 1;
  const filter = compileCaptureFilter(linkType, null, compat);
  if (!filter.ok) {
    reader.close();
    return { events, error: `${capture}: ${filter.error.message}` };
  }
  const counts = new Map<string, number>();
  const synMss = new Map<string, number>();
  const decoder = new PacketDecoder({ compat });
  const packet = new DecodedPacket();
  let current: TcpObservation | null = null;
  const processor = createPacketProcessor({
    matchers: { database: db, tcp: createInterpretedTcpMatcher(db), mtu: createInterpretedMtuMatcher(db.mtu), http: createInterpretedHttpMatcher(db) },
    compat,
    maxConnections: 1000,
    maxHosts: 10000,
    connectionMaxAgeSeconds: 30,
    hostIdleLimitMinutes: 120,
    readingFile: true,
    emit: (event) => {
      if (!OBSERVED.has(event.keyword)) return;
      const connection = `${formatEndpoint(event.client)}>${formatEndpoint(event.server)}`;
      const base = `${event.keyword}|${connection}|${event.time.seconds}.${event.time.microseconds}`;
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      const tcp = event.keyword === 'syn' || event.keyword === 'syn+ack' || event.keyword.startsWith('sendsyn');
      const isRequest = event.keyword === 'syn' || event.keyword === 'sendsyn probe';
      if (tcp && isRequest && current !== null) synMss.set(connection, current.mss);
      events.push({ key: `${base}|${n}`, event, observation: tcp ? current : null, peerMss: tcp && !isRequest ? (synMss.get(connection) ?? 0) : 0 });
    },
    warn: () => undefined,
  });
  let error: string | null = null;
  while (record !== null) {
    const r: CaptureRecord = record;
    if (runBpf(filter.filter.program, r.data.subarray(0, r.capturedLength), r.originalLength) !== 0) {
      current = decoder.decode(r, packet) === 'ok' ? copyObservation(packet.tcp) : null;
      processor.process(r);
    }
    const next = reader.next();
    if (isCaptureError(next)) {
      error = formatCaptureError(next);
      break;
    }
    record = next;
  }
  reader.close();
  return { events, error };
}

function copyObservation(from: TcpObservation): TcpObservation {
  const to = new TcpObservation();
  const { layout, ...scalars } = from;
  Object.assign(to, scalars);
  to.layout.set(layout);
  return to;
}

function outcomeOf(r: ReplayedEvent | null, db: SignatureDatabase): Outcome {
  if (r === null) return { label: null, tier: null, line: null, present: false };
  const e = r.event;
  if (e.keyword === 'mtu') {
    const link = e.fields.find((f) => f.key === 'link')?.value ?? null;
    const raw = Number(e.data.rawMtu);
    const line = db.mtu.find((m) => m.mtu === raw)?.line ?? null;
    return { label: link, tier: link === null ? null : 'exact', line, present: true };
  }
  const label = e.fields.find((f) => f.key === 'os' || f.key === 'app')?.value ?? null;
  const match = e.data.match as { tier?: unknown; line?: unknown } | null | undefined;
  const tier = match !== null && match !== undefined && (match.tier === 'exact' || match.tier === 'generic' || match.tier === 'fuzzy') ? match.tier : null;
  const line = match !== null && match !== undefined && typeof match.line === 'number' ? match.line : null;
  return { label, tier, line, present: true };
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.present === b.present && a.label === b.label && a.tier === b.tier;
}

export function outcomeText(o: Outcome): string {
  if (!o.present) return '(not observed)';
  const label = o.label ?? '???';
  return o.tier === null || o.tier === 'exact' ? label : `${label} [${o.tier}]`;
}

function rawSigOf(e: P0fEvent): string | null {
  return e.fields.find((f) => f.key === 'raw_sig' || f.key === 'raw_mtu')?.value ?? null;
}

function sectionOf(keyword: string): SectionId {
  switch (keyword) {
    case 'syn':
    case 'sendsyn probe':
      return 'tcp:request';
    case 'syn+ack':
    case 'sendsyn response':
      return 'tcp:response';
    case 'http request':
      return 'http:request';
    case 'http response':
      return 'http:response';
    default:
      return 'mtu';
  }
}

/**
 * A change is explained by a signature change that touches either winner, or that
 * involves a signature fitting the packet (TCP: it would match on its own, so adding,
 * removing, editing or reordering it can change p0f's pick).
 */
function attribute(
  either: ReplayedEvent,
  oldOutcome: Outcome,
  newOutcome: Outcome,
  diff: SemanticDiff,
  o: ReplayedEvent | null,
  n: ReplayedEvent | null,
): { causes: number[]; names: NameSpellingChange[] } {
  const section = sectionOf(either.event.keyword);
  const causes: number[] = [];
  const obs = either.observation;
  const win = obs === null ? null : detectWindowMultiplier(obs, either.peerMss, { multiplier: -1, useMtu: false });
  const fits = (change: SignatureChange): boolean => {
    if (obs === null || win === null) return false;
    const sides = [change.kind === 'added' ? null : change.old, change.kind === 'removed' ? null : change.new];
    return sides.some((v) => v !== null && v.source.kind === 'tcp' && tcpCandidateFit(v.source.signature, obs, win) !== 'none');
  };
  diff.signatures.forEach((change, index) => {
    if (change.section !== section) return;
    const oldLine = change.kind === 'added' ? null : change.old.line;
    const newLine = change.kind === 'removed' ? null : change.new.line;
    const touchesWinner = (oldLine !== null && oldLine === oldOutcome.line && o !== null) || (newLine !== null && newLine === newOutcome.line && n !== null);
    if (touchesWinner || fits(change)) causes.push(index);
  });
  const names = diff.names.filter((c) => {
    const a = oldOutcome.label ?? '';
    const b = newOutcome.label ?? '';
    return a !== b && a.toLowerCase() === b.toLowerCase() && a.startsWith(c.old) && b.startsWith(c.new);
  });
  return { causes, names };
}

function groupChanges(changes: readonly ClassificationChange[]): ChangeGroup[] {
  const groups = new Map<string, { keyword: string; old: string; new: string; count: number; example: ClassificationChange; causes: Set<number> }>();
  for (const c of changes) {
    const old = outcomeText(c.old);
    const now = outcomeText(c.new);
    const key = `${c.keyword}\n${old}\n${now}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { keyword: c.keyword, old, new: now, count: 1, example: c, causes: new Set(c.causes) });
    else {
      g.count += 1;
      for (const k of c.causes) g.causes.add(k);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.keyword.localeCompare(b.keyword) || a.old.localeCompare(b.old))
    .map((g) => ({ keyword: g.keyword, old: g.old, new: g.new, count: g.count, example: g.example, causes: [...g.causes].sort((x, y) => x - y) }));
}
