/**
 * `fingerprintCapture` through the published package, against the real p0f: the same log
 * lines for the bundled sample (run live) and for the shared corpus (recorded), p0f's
 * options honoured, and every kind of bad input ending the stream with an error value.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatEvent, formatNdjson, formatPretty, loadSignatures, type Signatures } from 'p0f-ts';
import { bestVariant, compareModule, linesOf } from '../helpers/log-compare.js';
import { parseP0fLogLine } from '../helpers/p0f-log.js';
import { describeIfPresent, describeWithCorpus, HAVE_REAL_P0F, listCorpusCaptures, REAL_P0F, REPO_ROOT } from '../helpers/shared-corpus.js';
import { runLibrary, runRealP0fLog, scratchFile, type LibraryRun, type RealP0fRun } from './library-harness.js';

const SAMPLE = join(REPO_ROOT, 'signatures/sample.pcap');
const NO_P0F = `real p0f not installed at ${REAL_P0F}`;

/** Offsets of the records of a classic little-endian pcap file, read from the format itself. */
function pcapRecordOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets: number[] = [];
  for (let at = 24; at + 16 <= bytes.length; at += 16 + view.getUint32(at + 8, true)) offsets.push(at);
  return offsets;
}

/** p0f's `Processed N packets.` */
function processedCount(stdout: string): number {
  const m = /All done\. Processed (\d+) packets\./.exec(stdout);
  return m === null ? Number.NaN : Number(m[1]);
}

/** p0f's stdout observation blocks, in order. */
function prettyBlocks(stdout: string): string {
  return (stdout.match(/^\.-\[ [^\n]*\n(?:\|[^\n]*\n)*`----\n\n/gm) ?? []).join('');
}

describeIfPresent(HAVE_REAL_P0F, NO_P0F, 'fingerprintCapture on signatures/sample.pcap vs the real p0f', () => {
  let real: RealP0fRun;
  let ours: LibraryRun;
  beforeAll(async () => {
    real = await runRealP0fLog(SAMPLE);
    ours = await runLibrary(SAMPLE, { compat: true });
  });

  it('yields the events of p0f\'s -o log, line for line, then one clean end', () => {
    expect(real.status).toBe(0);
    expect(real.log.length).toBeGreaterThan(0);
    expect(ours.lines).toEqual(real.log);
    expect(ours.end).toEqual({ kind: 'end', packets: processedCount(real.stdout), error: null });
    expect(ours.afterEnd).toBe(0);
  });

  it('formats the same events as p0f\'s stdout blocks (pretty) and as JSON with p0f\'s fields', () => {
    expect(ours.events.map((e) => formatPretty(e)).join('')).toBe(prettyBlocks(real.stdout));
    for (const [i, event] of ours.events.entries()) {
      const json = JSON.parse(formatNdjson(event)) as { mod: string; fields: Record<string, string | null> };
      const logged = parseP0fLogLine(real.log[i]);
      expect(logged).not.toBeNull();
      expect(json.mod).toBe(logged?.keyword);
      expect(json.fields).toEqual(Object.fromEntries((logged?.fields ?? []).map((f) => [f.key, f.value])));
      expect(formatEvent(event, 'json')).toBe(formatNdjson(event));
    }
  });

  it('reads capture bytes from memory the same way as the file', async () => {
    const fromBytes = await runLibrary({ bytes: readFileSync(SAMPLE), name: 'sample' }, { compat: true });
    expect(fromBytes.lines).toEqual(real.log);
    expect(fromBytes.end?.error).toBeNull();
  });

  it('applies a filter rule as p0f does', async () => {
    const realFiltered = await runRealP0fLog(SAMPLE, ['port 443']);
    const filtered = await runLibrary(SAMPLE, { compat: true, filter: 'port 443' });
    expect(realFiltered.log.length).toBeGreaterThan(0);
    expect(realFiltered.log.length).toBeLessThan(real.log.length);
    expect(filtered.lines).toEqual(realFiltered.log);
    expect(filtered.end?.packets).toBe(processedCount(realFiltered.stdout));
  });

  it('honours -m and -t limits as p0f does (they drop the uptime event here)', async () => {
    const realLimited = await runRealP0fLog(SAMPLE, ['-m', '1,1', '-t', '1,1']);
    const limited = await runLibrary(SAMPLE, { compat: true, maxConnections: 1, maxHosts: 1, connectionMaxAgeSeconds: 1, hostIdleLimitMinutes: 1 });
    // The limits matter on this capture: otherwise the test could not tell them ignored.
    expect(realLimited.log).not.toEqual(real.log);
    expect(limited.lines).toEqual(realLimited.log);
  });

  it('a filter p0f cannot compile ends the stream with p0f\'s message, before any event', async () => {
    const realBad = await runRealP0fLog(SAMPLE, ['tcp port ((']);
    const bad = await runLibrary(SAMPLE, { filter: 'tcp port ((' });
    expect(realBad.status).toBe(1);
    expect(bad.events).toEqual([]);
    expect(bad.end?.error?.kind).toBe('filter-error');
    const error = bad.end?.error;
    if (error?.kind !== 'filter-error') return;
    expect(realBad.stderr).toContain(`[-] PROGRAM ABORT : ${error.message}`);
    expect(realBad.stdout + realBad.stderr).toContain(`[-] pcap_compile: ${error.pcapMessage}`);
  });

  it('a truncated capture yields the events before the damage, then an error naming the byte offset', async () => {
    const bytes = readFileSync(SAMPLE);
    const offsets = pcapRecordOffsets(bytes);
    expect(offsets.length).toBeGreaterThan(7);
    const damaged = offsets[6]; // the record cut in half
    const truncated = scratchFile('truncated.pcap');
    writeFileSync(truncated, bytes.subarray(0, damaged + 30));
    const realCut = await runRealP0fLog(truncated);
    // p0f keeps what it read before the damage (and then stops silently).
    expect(realCut.log.length).toBeGreaterThan(0);
    expect(realCut.log.length).toBeLessThan(real.log.length);

    const cut = await runLibrary(truncated, { compat: true });
    expect(cut.lines).toEqual(realCut.log);
    expect(cut.end?.packets).toBe(processedCount(realCut.stdout));
    expect(cut.end?.error).toMatchObject({ kind: 'capture-error', file: truncated, offset: damaged });
    expect(cut.afterEnd).toBe(0);
  });
});

describe('fingerprintCapture: bad input is an error value, never an exception', () => {
  let signatures: Signatures;
  beforeAll(async () => {
    const loaded = await loadSignatures();
    expect(loaded.ok).toBe(true);
    if (loaded.ok) signatures = loaded.signatures;
  });

  it('a missing file', async () => {
    const run = await runLibrary(join(REPO_ROOT, 'no/such/capture.pcap'), { signatures });
    expect(run.events).toEqual([]);
    expect(run.end?.error).toMatchObject({ kind: 'capture-error', offset: 0 });
    expect(run.end?.error?.message).toMatch(/cannot open capture file: .*ENOENT/);
  });

  it('a file that is not a capture', async () => {
    const run = await runLibrary(join(REPO_ROOT, 'package.json'), { signatures });
    expect(run.end?.error).toMatchObject({ kind: 'capture-error', offset: 0 });
    expect(run.end?.error?.message).toMatch(/not a pcap or pcapng file/);
  });

  it('every truncation of the sample ends with one end item, with an error unless cut at a record boundary', async () => {
    const bytes = readFileSync(SAMPLE);
    const boundaries = new Set([...pcapRecordOffsets(bytes), bytes.length]);
    for (let length = 0; length < bytes.length; length++) {
      const run = await runLibrary({ bytes: bytes.subarray(0, length), name: `cut-${length}` }, { signatures });
      expect(run.end, `length ${length}`).not.toBeNull();
      expect(run.afterEnd).toBe(0);
      if (boundaries.has(length)) expect(run.end?.error, `length ${length}`).toBeNull();
      else expect(run.end?.error?.kind, `length ${length}`).toBe('capture-error');
    }
  });

  it('limits outside p0f\'s ranges', async () => {
    const cases = [{ maxConnections: 0 }, { maxHosts: 500001 }, { connectionMaxAgeSeconds: 1.5 }, { hostIdleLimitMinutes: -1 }];
    for (const limits of cases) {
      const run = await runLibrary(SAMPLE, { signatures, ...limits });
      expect(run.events).toEqual([]);
      expect(run.end?.error).toMatchObject({ kind: 'option-error', option: Object.keys(limits)[0] });
    }
  });
});

describeWithCorpus('fingerprintCapture over the shared corpus vs the recorded p0f logs', () => {
  const captures = listCorpusCaptures();
  const results: { name: string; run: LibraryRun; expected: readonly string[] }[] = [];
  beforeAll(async () => {
    const loaded = await loadSignatures();
    if (!loaded.ok) throw new Error(`default database: ${loaded.message}`);
    for (const capture of captures) {
      const run = await runLibrary(capture.capture, { compat: true, signatures: loaded.signatures });
      const variants = capture.logVariants.map((v) => linesOf(readFileSync(v, 'latin1')));
      results.push({ name: capture.name, run, expected: bestVariant(run.lines, variants) });
    }
  }, 300_000);

  it('reads every capture to a clean end', () => {
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.run.end?.error !== null).map((r) => `${r.name}: ${JSON.stringify(r.run.end?.error)}`)).toEqual([]);
  });

  for (const module of ['syn', 'syn+ack'] as const) {
    it(`"${module}" lines equal the real p0f's in every capture`, () => {
      const differing = results
        .map((r) => ({ name: r.name, agreement: compareModule(r.run.lines, r.expected, module) }))
        .filter((r) => !r.agreement.exact)
        .map((r) => `${r.name}: ${r.agreement.matched}/${r.agreement.expected} — ${r.agreement.firstDifference}`);
      const total = results.reduce((s, r) => s + compareModule(r.run.lines, r.expected, module).expected, 0);
      expect(total).toBeGreaterThan(0);
      expect(differing).toEqual([]);
    });
  }
});
