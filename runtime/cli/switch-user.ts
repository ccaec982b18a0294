/**
 * `-u USER` (p0f's drop_privs): once the capture, the log and the API socket are open,
 * chroot to the user's home and become that user, with p0f's checks and messages. The
 * same in live mode and with `-r`, where p0f drops privileges too (reading untrusted
 * captures unprivileged is a reason to pass it).
 */
import { formatLogTimestamp } from '../output/log-line.js';
import { formatFatal, formatSystemError, statusLine } from '../output/status-lines.js';
import { loadNativeAddon } from '../process-control/native-addon.js';
import { checkHome, dropPrivileges, resolveUser, type PrivilegeError, type UnprivilegedUser } from '../process-control/privileges.js';
import type { OutputSink } from './output-sink.js';

export function printPrivilegeError(sink: OutputSink, error: PrivilegeError): void {
  sink.err(error.kind === 'system' ? formatSystemError(error.message, error.osMessage, error.location) : formatFatal(error.message, error.location));
}

/**
 * Drops to `name`, printing p0f's error and returning false if that fails, or its
 * `Privileges dropped` line through `status`. `alsoDrop` runs just before the main
 * process changes (live mode's capture process drops first); it returns an error text.
 */
export async function switchUser(
  name: string,
  sink: OutputSink,
  status: (text: string) => void,
  alsoDrop?: (user: UnprivilegedUser) => Promise<string | null>,
): Promise<boolean> {
  const resolved = resolveUser(name);
  if (!resolved.ok) {
    printPrivilegeError(sink, resolved.error);
    return false;
  }
  const user = resolved.user;
  const badHome = checkHome(user);
  if (badHome !== null) {
    printPrivilegeError(sink, badHome);
    return false;
  }
  const native = loadNativeAddon();
  if (!native.ok) {
    sink.err(formatFatal(`cannot chroot: ${native.message}`, null));
    return false;
  }
  const otherFailure = alsoDrop === undefined ? null : await alsoDrop(user);
  if (otherFailure !== null) {
    sink.err(formatFatal(otherFailure, null));
    return false;
  }
  // Prime what is otherwise loaded lazily from the file system (time zone data).
  formatLogTimestamp(Math.floor(Date.now() / 1000));
  const dropped = dropPrivileges(user, native.addon);
  if (dropped !== null) {
    printPrivilegeError(sink, dropped);
    return false;
  }
  status(statusLine.privilegesDropped(user.uid, user.gid, user.home));
  return true;
}
