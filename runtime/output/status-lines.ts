/**
 * p0f's banner, `[+]`/`[!]` status lines and error formats (spec §9.4, §9.5), as plain
 * strings; the CLI decides which stream each goes to (status → stdout, warnings and
 * fatal errors → stderr, as p0f does).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const P0F_VERSION = '3.09b';

/** The banner and the blank line after it. */
export const BANNER = `--- p0f ${P0F_VERSION} by Michal Zalewski <lcamtuf@coredump.cx> ---\n\n`;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export const statusLine = {
  considerUser: () => '[!] Consider specifying -u in daemon mode (see README).\n',
  closedDescriptors: (n: number) => (n > 0 ? `[+] Closed ${plural(n, 'file descriptor')}.\n` : ''),
  loadedSignatures: (n: number, fpPath: string) =>
    n === 0 ? `[!] No signatures found in '${fpPath}'.\n` : `[+] Loaded ${plural(n, 'signature')} from '${fpPath}'.\n`,
  readingFile: (file: string) => `[+] Will read pcap data from file '${file}'.\n`,
  interceptingDefault: (iface: string) => `[+] Intercepting traffic on default interface '${iface}'.\n`,
  intercepting: (iface: string) => `[+] Intercepting traffic on interface '${iface}'.\n`,
  defaultFilter: (vlan: boolean) => `[+] Default packet filtering configured${vlan ? ' [+VLAN]' : ''}.\n`,
  customFilter: (rule: string, vlan: boolean) => `[+] Custom filtering rule enabled: ${rule}${vlan ? ' [+VLAN]' : ''}\n`,
  logOpened: (file: string) => `[+] Log file '${file}' opened for writing.\n`,
  apiListening: (path: string, maxClients: number) =>
    `[+] Listening on API socket '${path}' (max ${maxClients} clients).\n`,
  privilegesDropped: (uid: number, gid: number, root: string) =>
    `[+] Privileges dropped: uid ${uid}, gid ${gid}, root '${root}'.\n`,
  daemonCreated: (pid: number, stderrKept: boolean) =>
    `[+] Daemon process created, PID ${pid} (stderr ${stderrKept ? 'kept as-is' : 'not kept'}).\n` +
    `\nGood luck, you're on your own now!\n`,
  processingFile: () => '[+] Processing capture data.\n\n',
  enteredLoop: () => '[+] Entered main event loop.\n\n',
  allDone: (packets: number) => `\nAll done. Processed ${packets} packets.\n`,
} as const;

/** Where p0f raised an error, printed on the `Location :` line (function, file, line). */
export interface ErrorLocation {
  readonly func: string;
  readonly file: string;
  readonly line: number;
}

/** FATAL(): `[-] PROGRAM ABORT : <msg>` + location + blank line. */
export function formatFatal(message: string, location: ErrorLocation | null): string {
  const where = location ? `${location.func}(), ${location.file}:${location.line}` : 'p0f-ts';
  return `[-] PROGRAM ABORT : ${message}\n         Location : ${where}\n\n`;
}

/** PFATAL(): like FATAL with the OS error text (strerror) on a third line. */
export function formatSystemError(message: string, osMessage: string, location: ErrorLocation | null): string {
  const where = location ? `${location.func}(), ${location.file}:${location.line}` : 'p0f-ts';
  return `[-] SYSTEM ERROR : ${message}\n        Location : ${where}\n      OS message : ${osMessage}\n\n`;
}

/** WARN(): one line on stderr. */
export function formatWarning(message: string): string {
  return `[!] WARNING: ${message}\n`;
}

/** strerror() texts for the errno codes Node reports on file operations we print. */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  EEXIST: 'File exists',
  EAGAIN: 'Resource temporarily unavailable',
  EWOULDBLOCK: 'Resource temporarily unavailable',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EMFILE: 'Too many open files',
  EBADF: 'Bad file descriptor',
  EINVAL: 'Invalid argument',
  EIO: 'Input/output error',
};

export function strerror(code: string | undefined): string {
  return (code !== undefined && STRERROR[code]) || code || 'Unknown error';
}

/**
 * Descriptors p0f would close at start-up. p0f lists /proc/self/fd, closes every entry
 * above 2 and counts them, including the directory handle it is listing with (so a clean
 * process prints 1). Node has already opened its own descriptors (epoll, eventfd,
 * self-pipes, /dev/null) by the time any script runs, and those must be neither counted nor
 * closed. Inherited ones are told apart in two ways: the kernel hands out the lowest free
 * numbers, so everything numbered below Node's first epoll descriptor predates Node; and
 * a descriptor without close-on-exec (fdinfo flag 02000000) was not opened by Node, which
 * always sets it. Returns null when procfs is not available.
 */
export function listInheritedDescriptors(): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc/self/fd');
  } catch {
    return null;
  }
  const O_CLOEXEC = 0o2000000;
  let firstEpoll = Number.POSITIVE_INFINITY;
  const candidates: { fd: number; cloexec: boolean }[] = [];
  for (const name of entries) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || fd <= 2) continue;
    try {
      const target = readlinkSync(`/proc/self/fd/${name}`);
      const flags = /flags:\s*([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${name}`, 'latin1'));
      if (target === 'anon_inode:[eventpoll]' && fd < firstEpoll) firstEpoll = fd;
      candidates.push({ fd, cloexec: flags !== null && (parseInt(flags[1], 8) & O_CLOEXEC) !== 0 });
    } catch {
      // The directory handle readdirSync used is closed again by now; it is counted separately.
    }
  }
  return candidates
    .filter((c) => c.fd < firstEpoll || !c.cloexec)
    .map((c) => c.fd)
    .sort((a, b) => a - b);
}

/** The number p0f prints in `Closed N file descriptors`: inherited ones plus its own directory handle. */
export function countClosableDescriptors(inherited: readonly number[] | null): number {
  return inherited === null ? 0 : inherited.length + 1;
}
