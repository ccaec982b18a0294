/**
 * The semantic difference between two loaded databases, for pull-request review:
 * what was added, removed, changed (field by field) or moved (order decides ties),
 * which signatures became shadowed or reachable, and which OS names changed spelling.
 * Layout, comments and line numbers never show up; only what matching or output sees.
 */
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { shadowedSignatures, type Shadowing } from './shadowed-signatures.js';
import { SECTIONS, signatureViews, type SectionId, type SignatureView } from './signature-view.js';

export interface FieldChange {
  readonly field: string;
  readonly old: string;
  readonly new: string;
}

export type SignatureChange =
  | { readonly kind: 'added'; readonly section: SectionId; readonly new: SignatureView }
  | { readonly kind: 'removed'; readonly section: SectionId; readonly old: SignatureView }
  | { readonly kind: 'changed'; readonly section: SectionId; readonly old: SignatureView; readonly new: SignatureView; readonly fields: readonly FieldChange[] }
  /** Same label and value, but its order relative to the others changed. */
  | { readonly kind: 'moved'; readonly section: SectionId; readonly old: SignatureView; readonly new: SignatureView };

export interface LabelChange {
  readonly kind: 'added' | 'removed';
  readonly section: SectionId;
  readonly label: string;
  readonly signatures: number;
}

export interface ReachabilityChange {
  readonly kind: 'newly-shadowed' | 'newly-reachable';
  readonly section: SectionId;
  /** In NEW for newly-shadowed, in OLD for newly-reachable (and its NEW counterpart if any). */
  readonly signature: SignatureView;
  /** The signature that shadows it (in NEW, resp. that shadowed it in OLD); null when nothing can match it. */
  readonly by: SignatureView | null;
  readonly reason: string;
}

export interface NameSpellingChange {
  readonly old: string;
  readonly new: string;
}

export interface ListChange {
  /** `reordered`: same entries, new order (ua_os order is p0f's search order); entry = the new order. */
  readonly kind: 'added' | 'removed' | 'reordered';
  readonly entry: string;
}

export interface SemanticDiff {
  readonly signatures: readonly SignatureChange[];
  readonly labels: readonly LabelChange[];
  readonly reachability: readonly ReachabilityChange[];
  readonly names: readonly NameSpellingChange[];
  readonly classes: readonly ListChange[];
  readonly uaOs: readonly ListChange[];
}

export function isEmptyDiff(diff: SemanticDiff): boolean {
  return diff.signatures.length + diff.labels.length + diff.reachability.length + diff.names.length + diff.classes.length + diff.uaOs.length === 0;
}

export function semanticDiff(oldDb: SignatureDatabase, newDb: SignatureDatabase): SemanticDiff {
  const signatures: SignatureChange[] = [];
  const labels: LabelChange[] = [];
  const reachability: ReachabilityChange[] = [];
  for (const section of SECTIONS) {
    const oldViews = signatureViews(oldDb, section);
    const newViews = signatureViews(newDb, section);
    const pairs = alignSection(oldViews, newViews, signatures, section);
    labels.push(...labelChanges(section, oldViews, newViews));
    reachability.push(...reachabilityChanges(section, oldViews, newViews, pairs, shadowedSignatures(oldDb, section), shadowedSignatures(newDb, section)));
  }
  return {
    signatures,
    labels,
    reachability,
    names: nameSpellingChanges(oldDb.names, newDb.names),
    classes: listChanges(oldDb.classes.map((c) => c.toLowerCase()), newDb.classes.map((c) => c.toLowerCase())),
    uaOs: orderedListChanges(
      oldDb.uaOs.map((e) => `${oldDb.names[e.nameId] ?? '?'}=[${e.match}]`),
      newDb.uaOs.map((e) => `${newDb.names[e.nameId] ?? '?'}=[${e.match}]`),
    ),
  };
}

/** old index → new index for every signature present in both (unchanged, moved or changed). */
type Pairs = Map<number, number>;

function alignSection(oldViews: readonly SignatureView[], newViews: readonly SignatureView[], out: SignatureChange[], section: SectionId): Pairs {
  const pairs: Pairs = new Map();
  const byKey = new Map<string, number[]>();
  newViews.forEach((v, i) => {
    const key = identity(v);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [i]);
    else list.push(i);
  });
  const takenNew = new Set<number>();
  oldViews.forEach((v, i) => {
    const j = byKey.get(identity(v))?.shift();
    if (j !== undefined) {
      pairs.set(i, j);
      takenNew.add(j);
    }
  });

  // Order matters to p0f: a matched signature that left the longest common order moved.
  const identical = [...pairs.entries()].sort((a, b) => a[0] - b[0]);
  const keep = longestIncreasing(identical.map(([, j]) => j));
  identical.forEach(([i, j], n) => {
    if (!keep.has(n)) out.push({ kind: 'moved', section, old: oldViews[i] as SignatureView, new: newViews[j] as SignatureView });
  });

  // Unmatched signatures: same value under a new label, or same label with a new value.
  const freeOld = oldViews.map((_, i) => i).filter((i) => !pairs.has(i));
  const freeNew = new Set(newViews.map((_, j) => j).filter((j) => !takenNew.has(j)));
  const changed: [number, number][] = [];
  for (const i of freeOld) {
    const o = oldViews[i] as SignatureView;
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const j of freeNew) {
      const n = newViews[j] as SignatureView;
      const score = n.text === o.text ? 0 : n.labelKey === o.labelKey ? 1 + fieldChanges(o, n).length : Number.POSITIVE_INFINITY;
      if (score < bestScore) {
        best = j;
        bestScore = score;
      }
    }
    if (best >= 0) {
      freeNew.delete(best);
      changed.push([i, best]);
      pairs.set(i, best);
    }
  }
  for (const [i, j] of changed) {
    const o = oldViews[i] as SignatureView;
    const n = newViews[j] as SignatureView;
    const fields = fieldChanges(o, n);
    if (o.labelKey !== n.labelKey) fields.unshift({ field: 'label', old: o.label, new: n.label });
    out.push({ kind: 'changed', section, old: o, new: n, fields });
  }
  for (const i of freeOld) if (!pairs.has(i)) out.push({ kind: 'removed', section, old: oldViews[i] as SignatureView });
  for (const j of freeNew) out.push({ kind: 'added', section, new: newViews[j] as SignatureView });
  return pairs;
}

function identity(v: SignatureView): string {
  return `${v.labelKey}\n${v.text}`;
}

function fieldChanges(o: SignatureView, n: SignatureView): FieldChange[] {
  const changes: FieldChange[] = [];
  o.fields.forEach(([field, value], k) => {
    const other = n.fields[k]?.[1] ?? '';
    if (other !== value) changes.push({ field, old: value, new: other });
  });
  return changes;
}

/** Indices (into `values`) of one longest strictly increasing subsequence. */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((v, n) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[n] = tails[lo - 1] as number;
    tails[lo] = n;
  });
  const keep = new Set<number>();
  for (let n = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; n >= 0; n = previous[n] as number) keep.add(n);
  return keep;
}

function labelChanges(section: SectionId, oldViews: readonly SignatureView[], newViews: readonly SignatureView[]): LabelChange[] {
  const count = (views: readonly SignatureView[]): Map<string, { label: string; n: number }> => {
    const m = new Map<string, { label: string; n: number }>();
    for (const v of views) {
      const entry = m.get(v.labelKey);
      if (entry === undefined) m.set(v.labelKey, { label: v.label, n: 1 });
      else entry.n += 1;
    }
    return m;
  };
  const before = count(oldViews);
  const after = count(newViews);
  const out: LabelChange[] = [];
  for (const [key, { label, n }] of before) if (!after.has(key)) out.push({ kind: 'removed', section, label, signatures: n });
  for (const [key, { label, n }] of after) if (!before.has(key)) out.push({ kind: 'added', section, label, signatures: n });
  return out;
}

function reachabilityChanges(
  section: SectionId,
  oldViews: readonly SignatureView[],
  newViews: readonly SignatureView[],
  pairs: Pairs,
  oldShadowed: ReadonlyMap<number, Shadowing>,
  newShadowed: ReadonlyMap<number, Shadowing>,
): ReachabilityChange[] {
  const out: ReachabilityChange[] = [];
  const oldOf = new Map<number, number>([...pairs.entries()].map(([i, j]) => [j, i]));
  newViews.forEach((v, j) => {
    const by = newShadowed.get(j);
    const i = oldOf.get(j);
    const wasShadowed = i !== undefined && oldShadowed.has(i);
    if (by !== undefined && !wasShadowed) out.push({ kind: 'newly-shadowed', section, signature: v, by: by.by === null ? null : (newViews[by.by] as SignatureView), reason: by.reason });
  });
  for (const [i, j] of pairs) {
    const by = oldShadowed.get(i);
    if (by !== undefined && !newShadowed.has(j)) {
      out.push({ kind: 'newly-reachable', section, signature: oldViews[i] as SignatureView, by: by.by === null ? null : (oldViews[by.by] as SignatureView), reason: by.reason });
    }
  }
  return out;
}

function nameSpellingChanges(oldNames: readonly string[], newNames: readonly string[]): NameSpellingChange[] {
  const after = new Map(newNames.map((n) => [n.toLowerCase(), n]));
  const out: NameSpellingChange[] = [];
  for (const name of oldNames) {
    const now = after.get(name.toLowerCase());
    if (now !== undefined && now !== name) out.push({ old: name, new: now });
  }
  return out;
}

function listChanges(before: readonly string[], after: readonly string[]): ListChange[] {
  const out: ListChange[] = [];
  const remaining = [...after];
  for (const entry of before) {
    const k = remaining.indexOf(entry);
    if (k >= 0) remaining.splice(k, 1);
    else out.push({ kind: 'removed', entry });
  }
  for (const entry of remaining) out.push({ kind: 'added', entry });
  return out;
}

/** Like listChanges, and when only the order changed, says so. */
function orderedListChanges(before: readonly string[], after: readonly string[]): ListChange[] {
  const changes = listChanges(before, after);
  if (changes.length === 0 && before.some((entry, i) => after[i] !== entry)) return [{ kind: 'reordered', entry: after.join(',') }];
  return changes;
}
