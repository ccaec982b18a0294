/**
 * Shared by the library tests: runs the real p0f on a capture (its -o log is the expected
 * output) and drains the library's capture stream into log lines through the published
 * package (`p0f-ts`, i.e. dist/ via package.json `exports`).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintCapture, formatEvent, type CaptureFingerprintOptions, type CaptureItem, type CaptureSource, type P0fEvent } from 'p0f-ts';
import { linesOf } from '../helpers/log-compare.js';
import { runRealP0f, type RunResult } from '../helpers/run-cli.js';

// Log stamps are local time, as in p0f; the recordings and runRealP0f use UTC.
process.env.TZ = 'UTC';

export type CaptureEnd = Extract<CaptureItem, { kind: 'end' }>;

export interface LibraryRun {
  readonly events: P0fEvent[];
  /** p0f's -o lines for the events, in order. */
  readonly lines: string[];
  readonly warnings: string[];
  /** The stream's `end` item (null if the stream ended without one, which is a bug). */
  readonly end: CaptureEnd | null;
  /** Items that came after `end` (must be 0). */
  readonly afterEnd: number;
}

export async function runLibrary(source: CaptureSource, options: CaptureFingerprintOptions = {}): Promise<LibraryRun> {
  const events: P0fEvent[] = [];
  const warnings: string[] = [];
  let end: CaptureEnd | null = null;
  let afterEnd = 0;
  for await (const item of fingerprintCapture(source, options)) {
    if (end !== null) afterEnd++;
    else if (item.kind === 'event') events.push(item.event);
    else if (item.kind === 'warning') warnings.push(item.message);
    else end = item;
  }
  return { events, lines: events.map((e) => formatEvent(e, 'log').replace(/\n$/, '')), warnings, end, afterEnd };
}

export interface RealP0fRun extends RunResult {
  readonly log: string[];
}

let scratch: string | null = null;
let runs = 0;

/** `/usr/sbin/p0f -r CAPTURE -o LOG …` with TZ=UTC. */
export async function runRealP0fLog(capture: string, args: readonly string[] = []): Promise<RealP0fRun> {
  scratch ??= mkdtempSync(join(tmpdir(), 'p0f-ts-library-'));
  const log = join(scratch, `real-${runs++}.log`);
  const result = await runRealP0f(['-r', capture, '-o', log, ...args]);
  let lines: string[] = [];
  try {
    lines = linesOf(readFileSync(log, 'latin1'));
  } catch {
    // p0f stopped before opening the log: no lines
  }
  return { ...result, log: lines };
}

/** A fresh scratch file path. */
export function scratchFile(name: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'p0f-ts-library-'));
  return join(scratch, name);
}
