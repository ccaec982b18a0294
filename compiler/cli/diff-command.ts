/**
 * `p0f-ts diff OLD.fp NEW.fp [--corpus DIR…] [--compat 3.09b] [--format text|markdown|json]`
 *
 * Exit codes: 0 no classification change, 1 classification changed, 2 usage/I/O or a
 * database that does not load. With --corpus "classification changed" means some replayed
 * observation got a different result; without it, that the databases differ in meaning.
 */
import { readFile } from 'node:fs/promises';
import type { CliIo, CommandRunner } from '../../runtime/cli/cli-io.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { renderDiagnosticLine } from '../fmt/render-diagnostic-line.js';
import { loadDatabase } from '../model/load-database.js';
import { diffToJson, renderDiffMarkdown, renderDiffText, type DiffReport } from '../diff/render-diff.js';
import { compareOnCorpus, findCaptures } from '../diff/replay-corpus.js';
import { isEmptyDiff, semanticDiff } from '../diff/semantic-diff.js';

const USAGE = 'usage: p0f-ts diff OLD.fp NEW.fp [--corpus DIR...] [--compat 3.09b] [--format text|markdown|json]\n';

type Format = 'text' | 'markdown' | 'json';

interface DiffOptions {
  readonly oldFile: string;
  readonly newFile: string;
  readonly corpus: readonly string[];
  readonly format: Format;
  /** Replay with p0f 3.09b's packet-handling bugs, as `--compat 3.09b` does for `-r`. */
  readonly compat: boolean;
}

function parseArgs(args: readonly string[]): DiffOptions | string {
  const files: string[] = [];
  const corpus: string[] = [];
  let format: Format = 'text';
  let compat = false;
  let corpusMode = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--corpus') {
      corpusMode = true;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) return '--corpus needs a directory or capture file';
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'markdown' && value !== 'json') return `--format must be text, markdown or json, not '${value ?? ''}'`;
      format = value;
      corpusMode = false;
    } else if (arg === '--compat') {
      if (args[++i] !== '3.09b') return "--compat takes '3.09b'";
      compat = true;
      corpusMode = false;
    } else if (arg.startsWith('-')) {
      return `unknown option '${arg}'`;
    } else if (corpusMode) {
      corpus.push(arg);
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 2) return `expected OLD.fp and NEW.fp, got ${files.length} file${files.length === 1 ? '' : 's'}`;
  return { oldFile: files[0] as string, newFile: files[1] as string, corpus, format, compat };
}

async function load(file: string, io: CliIo): Promise<SignatureDatabase | null> {
  let text: string;
  try {
    text = await readFile(file, 'latin1');
  } catch (error) {
    io.writeError(`p0f-ts diff: cannot read '${file}': ${(error as Error).message}\n`);
    return null;
  }
  const loaded = loadDatabase(text, file);
  if (loaded.database === null) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) io.writeError(renderDiagnosticLine(d));
    io.writeError(`p0f-ts diff: '${file}' does not load\n`);
  }
  return loaded.database;
}

export const run: CommandRunner = async (args, io) => {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.writeError(`p0f-ts diff: ${options}\n${USAGE}`);
    return 2;
  }
  const oldDb = await load(options.oldFile, io);
  const newDb = await load(options.newFile, io);
  if (oldDb === null || newDb === null) return 2;
  const diff = semanticDiff(oldDb, newDb);
  let report: DiffReport = { oldFile: options.oldFile, newFile: options.newFile, diff, corpus: null };
  if (options.corpus.length > 0) {
    const found = findCaptures(options.corpus);
    for (const e of found.errors) io.writeError(`p0f-ts diff: ${e}\n`);
    if (found.errors.length > 0) return 2;
    if (found.files.length === 0) {
      io.writeError(`p0f-ts diff: no .pcap or .pcapng files under ${options.corpus.join(', ')}\n`);
      return 2;
    }
    report = { ...report, corpus: compareOnCorpus(oldDb, newDb, found.files, diff, { compat: options.compat }) };
  }
  if (options.format === 'json') io.write(`${JSON.stringify(diffToJson(report), null, 2)}\n`);
  else if (options.format === 'markdown') io.write(renderDiffMarkdown(report));
  else io.write(renderDiffText(report));
  if (report.corpus !== null) return report.corpus.changes.length > 0 ? 1 : 0;
  return isEmptyDiff(diff) ? 0 : 1;
};
