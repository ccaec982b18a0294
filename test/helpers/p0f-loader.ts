/** Running the real p0f's signature loader: `p0f -f FILE -r EMPTY.pcap` loads the database and stops. */
import { writeFileSync } from 'node:fs';

/** Writes a pcap with a header and no packets (Ethernet), for p0f's `-r`. */
export function writeEmptyPcap(path: string): void {
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0);
  hdr.writeUInt16LE(2, 4);
  hdr.writeUInt16LE(4, 6);
  hdr.writeUInt32LE(65535, 16);
  hdr.writeUInt32LE(1, 20);
  writeFileSync(path, hdr);
}

/** The message of p0f's `PROGRAM ABORT : …` on stderr, or null when there is none. */
export function p0fAbortMessage(stderr: string): string | null {
  const m = /PROGRAM ABORT : ([\s\S]*?)\n\s+Location/.exec(stderr);
  return m === null ? null : m[1].trim();
}
