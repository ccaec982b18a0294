/**
 * `-u USER`: p0f's drop_privs(): look the user up, refuse root and a `/` home, join the
 * user's groups, chroot into the home directory (native helper), make sure procfs and
 * sysfs are not reachable inside it, then setgid and setuid.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import type { ErrorLocation } from '../output/status-lines.js';
import type { NativeAddon } from './native-addon.js';

export interface UnprivilegedUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export type PrivilegeError =
  | { readonly kind: 'fatal'; readonly message: string; readonly location: ErrorLocation | null }
  | { readonly kind: 'system'; readonly message: string; readonly osMessage: string; readonly location: ErrorLocation | null };

function at(line: number): ErrorLocation {
  return { func: 'drop_privs', file: 'p0f.c', line };
}

/** getpwnam(): NSS through getent(1) when available, else /etc/passwd. */
function lookupPasswd(name: string): string | null {
  try {
    const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
    if (line !== undefined && line !== '') return line;
    return null;
  } catch (error) {
    // getent exits 2 for an unknown key; anything else means the tool is missing.
    if (typeof error === 'object' && error !== null && 'status' in error && (error as { status: unknown }).status === 2) return null;
  }
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[0] === name) ?? null;
  } catch {
    return null;
  }
}

/** The checks p0f makes before touching anything (their order and wording). */
export function resolveUser(name: string): { ok: true; user: UnprivilegedUser } | { ok: false; error: PrivilegeError } {
  const line = lookupPasswd(name);
  const fields = line?.split(':') ?? [];
  if (line === null || fields.length < 6) return { ok: false, error: { kind: 'fatal', message: `User '${name}' not found.`, location: at(630) } };
  const user: UnprivilegedUser = { name, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5] };
  if (user.home === '/' || user.home === '') {
    return { ok: false, error: { kind: 'fatal', message: `User '${name}' must have a dedicated home directory.`, location: at(633) } };
  }
  if (user.uid === 0 || user.gid === 0) return { ok: false, error: { kind: 'fatal', message: `User '${name}' must be non-root.`, location: at(636) } };
  return { ok: true, user };
}

function osMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    if (code === 'ENOENT') return 'No such file or directory';
    if (code === 'EACCES') return 'Permission denied';
    if (code === 'EPERM') return 'Operation not permitted';
    if (code === 'ENOTDIR') return 'Not a directory';
  }
  return error instanceof Error ? error.message : String(error);
}

/** p0f's chdir(home) check, made before anything is changed (so the capture process is not half-dropped). */
export function checkHome(user: UnprivilegedUser): PrivilegeError | null {
  try {
    if (!statSync(user.home).isDirectory()) {
      return { kind: 'system', message: `chdir('${user.home}') failed.`, osMessage: 'Not a directory', location: at(642) };
    }
    accessSync(user.home, constants.X_OK);
  } catch (error) {
    return { kind: 'system', message: `chdir('${user.home}') failed.`, osMessage: osMessage(error), location: at(642) };
  }
  return null;
}

/**
 * Drops this process's privileges. Anything that must be loaded from the file system later
 * has to be loaded before this call: after it, only the user's home is visible.
 */
export function dropPrivileges(user: UnprivilegedUser, native: NativeAddon): PrivilegeError | null {
  try {
    // Present at run time on POSIX; missing from @types/node 20.
    (process as unknown as { initgroups?: (user: string, gid: number) => void }).initgroups?.(user.name, user.gid);
  } catch (error) {
    return { kind: 'system', message: 'initgroups() failed.', osMessage: osMessage(error), location: null };
  }
  try {
    process.chdir(user.home);
  } catch (error) {
    return { kind: 'system', message: `chdir('${user.home}') failed.`, osMessage: osMessage(error), location: at(642) };
  }
  const failed = native.chroot(user.home);
  if (typeof failed === 'string') return { kind: 'system', message: `chroot('${user.home}') failed.`, osMessage: failed, location: null };
  process.chdir('/');
  if (existsSync('/proc/') || existsSync('/sys/')) {
    return { kind: 'fatal', message: `User '${user.name}' must have a dedicated home directory.`, location: at(651) };
  }
  try {
    process.setgid?.(user.gid);
  } catch (error) {
    return { kind: 'system', message: 'setgid() failed.', osMessage: osMessage(error), location: null };
  }
  try {
    process.setuid?.(user.uid);
  } catch (error) {
    return { kind: 'system', message: 'setuid() failed.', osMessage: osMessage(error), location: null };
  }
  return null;
}
