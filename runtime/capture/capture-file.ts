import { openSync } from 'node:fs';
import { ByteSource } from './byte-source.js';
import { captureError, type CaptureError, type CaptureReader } from './capture-record.js';
import { isPcapMagic, PcapReader } from './pcap-reader.js';
import { PcapngReader } from './pcapng-reader.js';

export type OpenCaptureResult = { ok: true; reader: CaptureReader } | { ok: false; error: CaptureError };

export interface OpenCaptureOptions {
  /** Bytes read per readSync call (default 4 MiB); records larger than this still work. */
  readonly chunkSize?: number;
}

/** Opens a pcap or pcapng file, choosing the reader from the magic number (not the file name). */
export function openCaptureFile(path: string, options: OpenCaptureOptions = {}): OpenCaptureResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, error: captureError(path, 0, `cannot open capture file: ${reason}`) };
  }
  return openCaptureSource(ByteSource.fromFile(fd, options.chunkSize), path);
}

/** The same, over bytes already in memory (tests, benchmarks). */
export function openCaptureBytes(bytes: Uint8Array, name = '<memory>'): OpenCaptureResult {
  return openCaptureSource(ByteSource.fromBytes(bytes), name);
}

function openCaptureSource(source: ByteSource, name: string): OpenCaptureResult {
  if (!source.ensure(4)) {
    source.close();
    const what = source.available === 0 ? 'empty file' : `file too short (${source.available} bytes)`;
    return { ok: false, error: captureError(name, 0, source.endMessage(`not a capture file: ${what}`)) };
  }
  const b = source.buffer;
  const s = source.start;
  const magic = ((b[s] << 24) | (b[s + 1] << 16) | (b[s + 2] << 8) | b[s + 3]) >>> 0;
  let reader: CaptureReader;
  if (magic === 0x0a0d0d0a) {
    reader = new PcapngReader(source, name);
  } else if (isPcapMagic(magic)) {
    const pcap = new PcapReader(source, name);
    if (pcap.headerError) {
      source.close();
      return { ok: false, error: pcap.headerError };
    }
    reader = pcap;
  } else {
    source.close();
    return { ok: false, error: captureError(name, 0, `not a pcap or pcapng file (magic 0x${magic.toString(16).padStart(8, '0')})`) };
  }
  return { ok: true, reader };
}
