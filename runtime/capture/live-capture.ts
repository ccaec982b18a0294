/**
 * Live capture (`-i`, `-L`), producing the same CaptureRecord shape the file readers yield.
 *
 * The capture handle lives in a small child process (live-capture-worker.ts), which reads
 * with the native helper (libpcap's pcap_next_ex: the pcap header's timestamps, -p decides
 * promiscuous mode); the `cap` addon is only its fallback when the helper lacks the live
 * calls (filters need the helper anyway, see bpf-filter.ts), and still lists devices for -L. The worker ending on its own becomes a clean "interface is
 * down" report here (cap aborts its process when the interface disappears).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { newCaptureRecord, type CaptureRecord } from './capture-record.js';

/**
 * Which packet reader the capture worker uses, from the P0F_TS_CAPTURE environment
 * variable: unset/`auto` = the native helper, `cap` when it is not built; `cap` forces the
 * fallback (to test it, or to work around a helper problem); `native` refuses the fallback.
 */
export type CaptureBackend = 'auto' | 'native' | 'cap';
export const CAPTURE_BACKEND_VARIABLE = 'P0F_TS_CAPTURE';

export function captureBackendFromEnv(value: string | undefined): { ok: true; backend: CaptureBackend } | { ok: false; message: string } {
  if (value === undefined || value === '' || value === 'auto') return { ok: true, backend: 'auto' };
  if (value === 'native' || value === 'cap') return { ok: true, backend: value };
  return { ok: false, message: `${CAPTURE_BACKEND_VARIABLE} must be 'auto', 'native' or 'cap', not '${value}'` };
}

/** Frame types of the worker's stdout protocol (see live-capture-worker.ts). */
export const FRAME_OPENED = 1;
export const FRAME_ERROR = 2;
export const FRAME_PACKET = 3;
export const FRAME_DROPPED = 4;
export const FRAME_LOSS = 5;

/** LINKTYPE numbers as pcap files use them (the decoder's input). */
export const LinkType = {
  null: 0,
  ethernet: 1,
  raw: 101,
  linuxSll: 113,
  ieee80211Radio: 127,
} as const;

export interface CaptureDevice {
  readonly name: string;
  readonly description: string | null;
  readonly addresses: readonly string[];
}

interface CapModule {
  Cap: {
    deviceList(): { name: string; description?: string; addresses: { addr?: string }[] }[];
    findDevice(ip?: string): string | undefined;
  };
}

function loadCap(): CapModule {
  return createRequire(import.meta.url)('cap') as CapModule;
}

/** Devices in libpcap's order (pcap_findalldevs), as `-L` lists them. */
export function listCaptureDevices(): CaptureDevice[] {
  return loadCap()
    .Cap.deviceList()
    .map((d) => ({
      name: d.name,
      description: d.description ?? null,
      addresses: d.addresses.map((a) => a.addr).filter((a): a is string => typeof a === 'string'),
    }));
}

/** The `-L` listing after the banner, byte for byte as p0f prints it. */
export function formatDeviceList(devices: readonly CaptureDevice[]): string {
  let text = '\n-- Available interfaces --\n';
  devices.forEach((device, index) => {
    text +=
      `\n${String(index).padStart(3)}: Name        : ${device.name}\n` +
      `     Description : ${device.description ?? '-'}\n` +
      `     IP address  : ${device.addresses[0] ?? '(none)'}\n`;
  });
  return text + '\n';
}

/** libpcap's default device (no `-i`): the first non-loopback interface, or null. */
export function defaultCaptureDevice(): string | null {
  return loadCap().Cap.findDevice() ?? null;
}

/** pcap_datalink()'s DLT as a LINKTYPE (they differ for raw IP: DLT_RAW is 12 or 14). */
export function linkTypeFromDlt(dlt: number): number {
  return dlt === 12 || dlt === 14 ? LinkType.raw : dlt;
}

/** cap names the link types it knows and reports others as "Unknown linktype N" (a DLT). */
export function linkTypeFromCapName(name: string): number {
  switch (name) {
    case 'NULL':
      return LinkType.null;
    case 'ETHERNET':
      return LinkType.ethernet;
    case 'RAW':
      return LinkType.raw;
    case 'LINKTYPE_LINUX_SLL':
      return LinkType.linuxSll;
    case 'IEEE802_11_RADIO':
      return LinkType.ieee80211Radio;
  }
  const unknown = /Unknown linktype (\d+)/.exec(name);
  return unknown ? Number(unknown[1]) : -1;
}

/** What libpcap will most likely report for a device, so the first open gets the right filter. */
export function predictLinkType(device: string): number {
  if (device === 'any') return LinkType.linuxSll;
  let arphrd = -1;
  try {
    arphrd = Number(readFileSync(`/sys/class/net/${device}/type`, 'latin1').trim());
  } catch {
    return LinkType.ethernet;
  }
  // ARPHRD_NONE (tun), ARPHRD_SIT, ARPHRD_IPGRE, ARPHRD_TUNNEL/6 carry bare IP.
  if (arphrd === 65534 || arphrd === 776 || arphrd === 778 || arphrd === 768 || arphrd === 769) return LinkType.raw;
  return LinkType.ethernet;
}

export type FilterForLinkType = (linkType: number) => { ok: true; expression: string } | { ok: false; message: string };

export interface LiveCaptureOptions {
  readonly device: string;
  /** p0f's filter expression for the link type libpcap reports (it depends on VLAN support). */
  readonly filterFor: FilterForLinkType;
  /** libpcap's kernel buffer size in bytes. */
  readonly bufferSize?: number;
  /** Put the interface in promiscuous mode (p0f's -p). Ignored by the cap fallback (always on). */
  readonly promiscuous?: boolean;
}

export interface LiveCaptureHandlers {
  /** Called for every packet; the record object and its data are reused after return. */
  readonly onRecord: (record: CaptureRecord) => void;
  /** The capture ended on its own (interface gone or down); p0f's message. */
  readonly onDown: (message: string) => void;
  readonly onWarning: (message: string) => void;
}

export interface LiveCapture {
  readonly device: string;
  /** LINKTYPE of the open handle. */
  readonly linkType: number;
  /** The expression libpcap compiled. */
  readonly filter: string;
  /** Packets the capture process had to drop because we were not reading fast enough. */
  readonly lostPackets: number;
  /**
   * Starts delivering packets to `onRecord`. Until then packets are held (copied, up to a
   * bound), so nothing is processed before the outputs are set up, as in p0f.
   */
  start(): void;
  /** Switches the capture process to an unprivileged user too (after the capture is open). */
  dropPrivileges(user: { readonly name: string; readonly uid: number; readonly gid: number; readonly root: string | null }): Promise<string | null>;
  close(): Promise<void>;
}

/** p0f's message when the capture interface goes away (FATAL in live_event_loop). */
export const INTERFACE_DOWN_MESSAGE = 'Packet capture interface is down.';

const DEFAULT_BUFFER_SIZE = 16 * 1024 * 1024;
/** Packets held between opening the capture and start(); beyond this they count as lost. */
const MAX_HELD_BYTES = 32 * 1024 * 1024;

type Reply = { readonly type: number; readonly payload: Buffer };

class LiveCaptureProcess implements LiveCapture {
  linkType = -1;
  filter = '';
  lostPackets = 0;
  private readonly record = newCaptureRecord();
  private pending: Buffer = Buffer.alloc(0);
  private waiters: ((reply: Reply) => void)[] = [];
  private closing = false;
  private exited = false;
  private delivering = false;
  private held: { seconds: number; microseconds: number; originalLength: number; data: Uint8Array }[] = [];
  private heldBytes = 0;
  private readonly exitPromise: Promise<void>;

  constructor(
    readonly device: string,
    private readonly child: ChildProcess,
    private handlers: LiveCaptureHandlers,
  ) {
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        resolve();
        // A reply someone still waits for will never come.
        for (const waiter of this.waiters.splice(0)) waiter({ type: FRAME_ERROR, payload: Buffer.from(INTERFACE_DOWN_MESSAGE) });
        if (!this.closing) this.handlers.onDown(INTERFACE_DOWN_MESSAGE);
      });
    });
    child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    let errText = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      errText += chunk;
      let newline = errText.indexOf('\n');
      while (newline >= 0) {
        const line = errText.slice(0, newline);
        errText = errText.slice(newline + 1);
        this.onWorkerStderr(line);
        newline = errText.indexOf('\n');
      }
    });
    child.stdin?.on('error', () => undefined);
  }

  /** cap's own chatter is noise here; its abort on a vanished interface is reported as "down". */
  private onWorkerStderr(line: string): void {
    if (line.trim() === '' || /This may not actually work$/.test(line) || /Assertion .* failed/.test(line)) return;
    this.handlers.onWarning(line);
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    const data = this.pending;
    while (data.length - at >= 5) {
      const type = data[at];
      const length = data.readUInt32LE(at + 1);
      if (data.length - at - 5 < length) break;
      const body = at + 5;
      if (type === FRAME_PACKET && !this.delivering) {
        const length12 = length - 12;
        if (this.heldBytes + length12 <= MAX_HELD_BYTES) {
          this.heldBytes += length12;
          this.held.push({
            seconds: data.readUInt32LE(body),
            microseconds: data.readUInt32LE(body + 4),
            originalLength: data.readUInt32LE(body + 8),
            data: Uint8Array.prototype.slice.call(data, body + 12, body + length),
          });
        } else {
          this.lostPackets++;
        }
      } else if (type === FRAME_PACKET) {
        const record = this.record;
        record.seconds = data.readUInt32LE(body);
        record.microseconds = data.readUInt32LE(body + 4);
        record.originalLength = data.readUInt32LE(body + 8);
        record.data = data.subarray(body + 12, body + length);
        record.capturedLength = length - 12;
        record.linkType = this.linkType;
        this.handlers.onRecord(record);
      } else if (type === FRAME_LOSS) {
        this.lostPackets += data.readUInt32LE(body);
      } else {
        const waiter = this.waiters.shift();
        waiter?.({ type, payload: Buffer.from(data.subarray(body, body + length)) });
      }
      at = body + length;
    }
    this.pending = at === data.length ? Buffer.alloc(0) : data.subarray(at);
  }

  start(): void {
    if (this.delivering) return;
    this.delivering = true;
    const record = this.record;
    for (const packet of this.held.splice(0)) {
      record.seconds = packet.seconds;
      record.microseconds = packet.microseconds;
      record.originalLength = packet.originalLength;
      record.data = packet.data;
      record.capturedLength = packet.data.length;
      record.linkType = this.linkType;
      this.handlers.onRecord(record);
    }
    this.heldBytes = 0;
  }

  setHandlers(handlers: LiveCaptureHandlers): void {
    this.handlers = handlers;
  }

  request(command: object): Promise<Reply> {
    return new Promise((resolve) => {
      if (this.exited) {
        resolve({ type: FRAME_ERROR, payload: Buffer.from(INTERFACE_DOWN_MESSAGE) });
        return;
      }
      this.waiters.push(resolve);
      this.child.stdin?.write(JSON.stringify(command) + '\n');
    });
  }

  async dropPrivileges(user: { name: string; uid: number; gid: number; root: string | null }): Promise<string | null> {
    const reply = await this.request({ cmd: 'drop', user: user.name, uid: user.uid, gid: user.gid, root: user.root });
    return reply.type === FRAME_DROPPED ? null : reply.payload.toString('utf8');
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.child.stdin?.end();
      // The worker exits when its stdin closes; a wedged one is killed.
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      timer.unref();
      void this.exitPromise.then(() => clearTimeout(timer));
    }
    return this.exitPromise;
  }
}

function workerCommand(): { command: string; args: string[] } {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const worker = here.replace(/live-capture\.(ts|js)$/, `live-capture-worker.${fromSource ? 'ts' : 'js'}`);
  // Running from TypeScript sources (tests, tsx): the child needs the same loader.
  return { command: process.execPath, args: fromSource ? ['--import', 'tsx', worker] : [worker] };
}

/**
 * Opens `device` with p0f's filter. Resolves once libpcap has the handle open (so the
 * caller can drop privileges next) or with libpcap's error text.
 */
export async function openLiveCapture(options: LiveCaptureOptions, handlers: LiveCaptureHandlers): Promise<{ ok: true; capture: LiveCapture } | { ok: false; message: string }> {
  const { command, args } = workerCommand();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const spawnFailed = new Promise<string>((resolve) => child.once('error', (error) => resolve(error.message)));
  const capture = new LiveCaptureProcess(options.device, child, handlers);
  // Until the handle is open, the worker exiting is an open failure, not "interface down".
  capture.setHandlers({ ...handlers, onDown: () => undefined });

  let linkType = predictLinkType(options.device);
  for (let attempt = 0; attempt < 2; attempt++) {
    const filter = options.filterFor(linkType);
    if (!filter.ok) {
      await capture.close();
      return { ok: false, message: filter.message };
    }
    const reply = await Promise.race([
      capture.request({ cmd: 'open', device: options.device, filter: filter.expression, bufferSize: options.bufferSize ?? DEFAULT_BUFFER_SIZE, promiscuous: options.promiscuous === true }),
      spawnFailed.then((message): Reply => ({ type: FRAME_ERROR, payload: Buffer.from(message) })),
    ]);
    if (reply.type !== FRAME_OPENED) {
      await capture.close();
      return { ok: false, message: reply.payload.toString('utf8') };
    }
    const reported = (JSON.parse(reply.payload.toString('utf8')) as { linkType: number }).linkType;
    capture.linkType = reported;
    capture.filter = filter.expression;
    // VLAN support (and so the expression) depends on the link type; reopen if we guessed wrong.
    if (reported === linkType) break;
    linkType = reported;
  }
  capture.setHandlers(handlers);
  return { ok: true, capture };
}
