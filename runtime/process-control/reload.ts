/**
 * SIGHUP (beyond p0f): recompile the signature database and swap the matchers while
 * keeping host and flow state. Hosts remember OS and HTTP names by id in the database's
 * name list, so those ids are translated by name into the new database's list (a name the
 * new database no longer has is forgotten, as if never matched).
 */
import type { SignatureDatabase } from '../match/signature-database.js';
import type { ProcessorMatchers } from '../process/packet-processor.js';
import type { HostTable } from '../state/host-table.js';

export type MatcherLoader = () => Promise<{ ok: true; set: ProcessorMatchers } | { ok: false; message: string; diagnostics?: readonly unknown[] }>;

export interface ReloadTarget {
  readonly hosts: HostTable;
  replaceMatchers(m: ProcessorMatchers): void;
}

export type ReloadResult =
  | { readonly ok: true; readonly set: ProcessorMatchers; readonly hostsKept: number }
  | { readonly ok: false; readonly message: string; readonly diagnostics: readonly unknown[] };

export async function reloadMatchers(load: MatcherLoader, target: ReloadTarget, current: ProcessorMatchers): Promise<ReloadResult> {
  let loaded: Awaited<ReturnType<MatcherLoader>>;
  try {
    loaded = await load();
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), diagnostics: [] };
  }
  if (!loaded.ok) return { ok: false, message: loaded.message, diagnostics: loaded.diagnostics ?? [] };
  const hostsKept = remapHostIds(target.hosts, current.database, loaded.set.database);
  target.replaceMatchers(loaded.set);
  return { ok: true, set: loaded.set, hostsKept };
}

/** Translates every host's name and class ids from `from` to `to`; returns the number of hosts. */
export function remapHostIds(hosts: HostTable, from: SignatureDatabase, to: SignatureDatabase): number {
  const nameIds = new Map<string, number>();
  to.names.forEach((name, id) => {
    if (!nameIds.has(name)) nameIds.set(name, id);
  });
  const classIds = new Map<string, number>();
  to.classes.forEach((name, id) => {
    if (!classIds.has(name)) classIds.set(name, id);
  });
  const mapName = (id: number): number => (id < 0 ? id : (nameIds.get(from.names[id] ?? '') ?? -1));
  const mapClass = (id: number): number => (id < 0 ? id : (classIds.get(from.classes[id] ?? '') ?? -1));
  let count = 0;
  for (const host of hosts) {
    host.lastNameId = mapName(host.lastNameId);
    host.lastClassId = mapClass(host.lastClassId);
    host.httpNameId = mapName(host.httpNameId);
    count++;
  }
  return count;
}
