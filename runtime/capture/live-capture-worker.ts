/**
 * The capture subprocess behind `live-capture.ts`. It exists because the `cap` addon
 * aborts the whole process (a failed C assert on a poll error) when the interface goes
 * away; isolated here, that abort only ends this child, and the parent reports p0f's
 * "Packet capture interface is down." after flushing its outputs.
 *
 * Protocol. stdin: newline-delimited JSON commands (`open`, `drop`). stdout: frames of
 * `u8 type, u32le length, payload`:
 *   1 opened  — JSON `{ linkType: number }` (a LINKTYPE)
 *   2 error   — UTF-8 message
 *   3 packet  — u32le seconds, u32le microseconds, u32le original length, frame bytes
 *   4 dropped — JSON `{ uid, gid }` after a privilege drop
 *   5 loss    — u32le number of packets dropped because the parent was not reading
 * Packets are read with the native helper (liveOpen/liveNext), so they carry the pcap
 * header's capture timestamps; liveNext blocks up to its read timeout, which is fine in
 * this process. Only when the helper is missing (or P0F_TS_CAPTURE=cap) does the worker
 * fall back to `cap`, whose packets are stamped on delivery (see docs/deviations.md).
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { loadNativeAddon } from '../process-control/native-addon.js';
import {
  CAPTURE_BACKEND_VARIABLE,
  captureBackendFromEnv,
  FRAME_DROPPED,
  FRAME_ERROR,
  FRAME_LOSS,
  FRAME_OPENED,
  FRAME_PACKET,
  linkTypeFromCapName,
  linkTypeFromDlt,
} from './live-capture.js';

interface LiveAddon {
  liveOpen(device: string, snaplen: number, promisc: boolean, timeoutMs: number, filter: string, bufferSize: number): { handle: number; dlt: number } | { error: string };
  liveNext(handle: number): { data: Buffer; sec: number; usec: number; caplen: number; len: number } | null | { error: string };
  liveClose(handle: number): void;
}


interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
}

interface OpenCommand {
  readonly cmd: 'open';
  readonly device: string;
  readonly filter: string;
  readonly bufferSize: number;
  readonly promiscuous?: boolean;
}
interface DropCommand {
  readonly cmd: 'drop';
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly root: string | null;
}
type WorkerCommand = OpenCommand | DropCommand;

const SNAPLEN = 65535;
/** Stop queueing for a parent that does not read: beyond this, packets are counted as lost. */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
const BATCH_BYTES = 256 * 1024;
/** How long one liveNext() may block when nothing arrives (commands wait at most this long). */
const READ_TIMEOUT_MS = 50;
/** Reading stops this often to let stdin commands and stdout writes through. */
const READ_SLICE_MS = 20;

function loadLiveAddon(): LiveAddon | null {
  const native = loadNativeAddon();
  if (!native.ok) return null;
  const addon = native.addon as unknown as Partial<LiveAddon>;
  return typeof addon.liveOpen === 'function' && typeof addon.liveNext === 'function' && typeof addon.liveClose === 'function' ? (addon as LiveAddon) : null;
}

function nativeProblem(): string {
  const native = loadNativeAddon();
  return native.ok ? 'it has no liveOpen/liveNext/liveClose' : native.message;
}

function runWorker(): void {
  const require = createRequire(import.meta.url);
  const backend = captureBackendFromEnv(process.env[CAPTURE_BACKEND_VARIABLE]);
  // Forcing cap must not even load the helper, so a test can tell which reader ran.
  const live = backend.ok && backend.backend !== 'cap' ? loadLiveAddon() : null;
  const backendError = !backend.ok
    ? backend.message
    : backend.backend === 'native' && live === null
      ? `${CAPTURE_BACKEND_VARIABLE}=native, but the native capture helper is not available (${nativeProblem()})`
      : null;
  const frame = Buffer.alloc(SNAPLEN);
  let cap: CapHandle | null = null;
  let liveHandle: number | null = null;
  let reading = false;
  let batch = Buffer.allocUnsafe(BATCH_BYTES);
  let batchLength = 0;
  let flushScheduled = false;
  let lost = 0;

  const writeFrame = (type: number, payload: Buffer): void => {
    flush();
    const header = Buffer.allocUnsafe(5);
    header[0] = type;
    header.writeUInt32LE(payload.length, 1);
    process.stdout.write(Buffer.concat([header, payload]));
  };

  function flush(): void {
    flushScheduled = false;
    if (batchLength === 0) return;
    process.stdout.write(batch.subarray(0, batchLength));
    batch = Buffer.allocUnsafe(BATCH_BYTES);
    batchLength = 0;
    if (lost > 0) {
      const count = Buffer.allocUnsafe(4);
      count.writeUInt32LE(lost);
      lost = 0;
      writeFrame(FRAME_LOSS, count);
    }
  }

  const queuePacket = (source: Buffer, nbytes: number, seconds: number, microseconds: number, originalLength: number): void => {
    if (process.stdout.writableLength > MAX_QUEUED_BYTES) {
      lost++;
      return;
    }
    const needed = 5 + 12 + nbytes;
    if (batchLength + needed > batch.length) flush();
    if (needed > batch.length) batch = Buffer.allocUnsafe(needed);
    let at = batchLength;
    batch[at] = FRAME_PACKET;
    batch.writeUInt32LE(12 + nbytes, at + 1);
    batch.writeUInt32LE(seconds >>> 0, at + 5);
    batch.writeUInt32LE(Math.min(microseconds, 999_999), at + 9);
    batch.writeUInt32LE(originalLength >>> 0, at + 13);
    at += 17;
    source.copy(batch, at, 0, nbytes);
    batchLength = at + nbytes;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  /** cap's packets: stamped here, on delivery (cap does not expose the pcap header). */
  const onPacket = (nbytes: number): void => {
    const nowMs = performance.timeOrigin + performance.now();
    const seconds = Math.floor(nowMs / 1000);
    const microseconds = Math.floor((nowMs - seconds * 1000) * 1000);
    queuePacket(frame, nbytes, seconds, microseconds, nbytes);
  };

  /** The native reader: pcap_next_ex in slices, yielding to the event loop in between. */
  const readLive = (): void => {
    if (live === null || liveHandle === null) {
      reading = false;
      return;
    }
    const started = Date.now();
    for (;;) {
      const next = live.liveNext(liveHandle);
      if (next === null) break;
      if ('error' in next) {
        // The interface went away or down: ending this process is the parent's "down" signal.
        live.liveClose(liveHandle);
        liveHandle = null;
        reading = false;
        flush();
        process.stdout.write(Buffer.alloc(0), () => process.exit(1));
        return;
      }
      queuePacket(next.data, next.caplen, next.sec, next.usec, next.len);
      if (Date.now() - started >= READ_SLICE_MS) break;
    }
    flush();
    setImmediate(readLive);
  };

  const handle = (command: WorkerCommand): void => {
    if (command.cmd === 'open' && backendError !== null) {
      writeFrame(FRAME_ERROR, Buffer.from(backendError));
      return;
    }
    if (command.cmd === 'open' && live !== null) {
      const opened = live.liveOpen(command.device, SNAPLEN, command.promiscuous === true, READ_TIMEOUT_MS, command.filter, command.bufferSize);
      if ('error' in opened) {
        writeFrame(FRAME_ERROR, Buffer.from(opened.error));
        return;
      }
      if (liveHandle !== null) live.liveClose(liveHandle);
      liveHandle = opened.handle;
      writeFrame(FRAME_OPENED, Buffer.from(JSON.stringify({ linkType: linkTypeFromDlt(opened.dlt) })));
      if (!reading) {
        reading = true;
        setImmediate(readLive);
      }
      return;
    }
    if (command.cmd === 'open') {
      try {
        const { Cap } = require('cap') as { Cap: new () => CapHandle };
        const next = new Cap();
        const linkType = next.open(command.device, command.filter, command.bufferSize, frame);
        cap?.close();
        cap = next;
        next.on('packet', onPacket);
        writeFrame(FRAME_OPENED, Buffer.from(JSON.stringify({ linkType: linkTypeFromCapName(linkType) })));
      } catch (error) {
        writeFrame(FRAME_ERROR, Buffer.from(error instanceof Error ? error.message : String(error)));
      }
      return;
    }
    const dropped = dropPrivileges(command);
    if (dropped !== null) writeFrame(FRAME_ERROR, Buffer.from(dropped));
    else writeFrame(FRAME_DROPPED, Buffer.from(JSON.stringify({ uid: process.getuid?.(), gid: process.getgid?.() })));
  };

  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== '') handle(JSON.parse(line) as WorkerCommand);
      newline = pending.indexOf('\n');
    }
  });
  // The parent going away (or closing us) is the only way this process ends on purpose.
  process.stdin.on('end', () => {
    cap?.close();
    if (live !== null && liveHandle !== null) live.liveClose(liveHandle);
    liveHandle = null;
    flush();
    process.exit(0);
  });
  // Terminal signals go to the whole process group; the parent decides when we stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);
}

/** Same order as p0f's drop_privs(): groups, chroot, gid, uid. Returns an error text or null. */
function dropPrivileges(command: DropCommand): string | null {
  try {
    // initgroups() exists at run time on POSIX but is missing from @types/node 20.
    (process as unknown as { initgroups?: (user: string, gid: number) => void }).initgroups?.(command.user, command.gid);
    if (command.root !== null) {
      const native = loadNativeAddon();
      if (!native.ok) return native.message;
      process.chdir(command.root);
      const failure = native.addon.chroot(command.root);
      if (typeof failure === 'string') return `chroot('${command.root}') failed: ${failure}`;
      process.chdir('/');
    }
    process.setgid?.(command.gid);
    process.setuid?.(command.uid);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

runWorker();
