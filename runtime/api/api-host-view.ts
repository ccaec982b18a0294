/**
 * Maps tracked host state to the facts the API reports (p0f's api.c field by field).
 * Kept apart from the wire encoder so the encoder does not depend on how state is stored.
 */
import type { HostRecord } from '../state/host-record.js';
import type { ApiHostView } from './api-wire.js';

/** `names` is the database's interned name list (name ids index it). */
export function apiHostView(host: HostRecord, names: readonly string[]): ApiHostView {
  const measured = host.lastUptimeMinutes !== -1;
  const osName = host.lastNameId >= 0 ? (names[host.lastNameId] ?? null) : null;
  const httpName = host.httpNameId >= 0 ? (names[host.httpNameId] ?? null) : null;
  return {
    firstSeen: host.firstSeen,
    lastSeen: host.lastSeen,
    totalConnections: host.totalConnections,
    // p0f leaves both zero until an uptime was computed.
    uptimeMinutes: measured ? host.lastUptimeMinutes : 0,
    upModDays: measured ? host.upModDays : 0,
    lastNat: host.lastNat,
    lastChange: host.lastChange,
    distance: host.distance,
    badSoftware: host.badSoftware,
    osMatchQuality: host.lastQuality,
    osName,
    // The flavor is only reported together with a name, as p0f does.
    osFlavor: osName !== null ? host.lastFlavor : null,
    httpName,
    httpFlavor: httpName !== null ? host.httpFlavor : null,
    linkType: host.linkType,
    language: host.language,
  };
}
