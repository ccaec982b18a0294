/**
 * The `-o` log file, opened the way p0f opens it: an existing file is appended to without
 * following symlinks and must be a regular file; a missing one is created exclusively with
 * mode 0600. p0f then takes a non-blocking flock(); Node has no flock(), so no lock is taken
 * (two writers are not detected; see docs/deviations.md). Lines are batched and written in
 * large chunks; order and content are unchanged.
 */
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import type { ErrorLocation } from './status-lines.js';

export type LogOpenError =
  | { readonly kind: 'system'; readonly message: string; readonly code: string | undefined; readonly location: ErrorLocation }
  | { readonly kind: 'fatal'; readonly message: string; readonly location: ErrorLocation };

export interface LogFile {
  readonly path: string;
  append(text: string): void;
  /** Writes everything buffered; returns an OS error code on failure. */
  flush(): string | null;
  close(): string | null;
}

const FLUSH_THRESHOLD = 64 * 1024;

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export function openLogFile(path: string): { ok: true; log: LogFile } | { ok: false; error: LogOpenError } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
    if (!fstatSync(fd).isFile()) {
      closeSync(fd);
      return {
        ok: false,
        error: { kind: 'fatal', message: `'${path}' is not a regular file.`, location: { func: 'open_log', file: 'p0f.c', line: 229 } },
      };
    }
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'ENOENT') {
      return { ok: false, error: { kind: 'system', message: `Cannot open '${path}'.`, code, location: { func: 'open_log', file: 'p0f.c', line: 233 } } };
    }
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (err2) {
      return {
        ok: false,
        error: { kind: 'system', message: `Cannot open '${path}'.`, code: errnoCode(err2), location: { func: 'open_log', file: 'p0f.c', line: 238 } },
      };
    }
  }
  return { ok: true, log: createLogWriter(path, fd) };
}

/**
 * Text is written as latin1: every string in an event holds one byte per character (the
 * database and packet payloads are read as latin1), so this reproduces p0f's bytes exactly.
 */
function createLogWriter(path: string, fd: number): LogFile {
  const buffer = Buffer.allocUnsafe(FLUSH_THRESHOLD);
  let used = 0;
  let open = true;
  const writeAll = (bytes: Buffer, length: number): string | null => {
    try {
      let written = 0;
      while (written < length) written += writeSync(fd, bytes, written, length - written);
      return null;
    } catch (err) {
      return errnoCode(err) ?? 'EIO';
    }
  };
  const flush = (): string | null => {
    if (used === 0 || !open) return null;
    const n = used;
    used = 0;
    return writeAll(buffer, n);
  };
  let firstError: string | null = null;
  return {
    path,
    append(text: string): void {
      if (used + text.length > buffer.length) {
        firstError ??= flush();
        if (text.length > buffer.length) {
          firstError ??= writeAll(Buffer.from(text, 'latin1'), text.length);
          return;
        }
      }
      used += buffer.write(text, used, 'latin1');
    },
    flush(): string | null {
      const result = firstError ?? flush();
      firstError = null;
      return result;
    },
    close(): string | null {
      const result = firstError ?? flush();
      if (open) {
        open = false;
        try {
          closeSync(fd);
        } catch (err) {
          return result ?? errnoCode(err) ?? 'EIO';
        }
      }
      return result;
    },
  };
}
