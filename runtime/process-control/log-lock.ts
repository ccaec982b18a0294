/**
 * p0f takes a non-blocking exclusive flock() on its `-o` log so two instances never write
 * the same file. Node has no flock(); the util-linux `flock` tool can take the lock on a
 * descriptor we pass it, and because flock locks belong to the open file description
 * (shared with us), the lock outlives the tool and lasts until we close our descriptor.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

export type LogLockResult =
  | { readonly kind: 'locked'; release(): void }
  /** Another process (p0f or p0f-ts) holds the lock: p0f's "is being used by another process". */
  | { readonly kind: 'busy'; readonly message: string }
  /** No way to lock here (no flock tool, unreadable file): we carry on unlocked, as documented. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export function lockLogFile(path: string): LogLockResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  const result = spawnSync('flock', ['-x', '-n', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
  if (result.error !== undefined) {
    closeSync(fd);
    return { kind: 'unavailable', reason: `flock(1) not usable: ${result.error.message}` };
  }
  if (result.status !== 0) {
    closeSync(fd);
    // flock -n exits 1 when the lock is held elsewhere.
    if (result.status === 1) return { kind: 'busy', message: `'${path}' is being used by another process.` };
    return { kind: 'unavailable', reason: `flock(1) exited with status ${String(result.status)}: ${result.stderr.toString().trim()}` };
  }
  let held = true;
  return {
    kind: 'locked',
    release(): void {
      if (!held) return;
      held = false;
      try {
        closeSync(fd);
      } catch {
        // Already closed at exit.
      }
    },
  };
}
