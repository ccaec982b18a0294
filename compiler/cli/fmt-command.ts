/**
 * `p0f-ts fmt FILE… [--check] [--write]`
 *
 * Default: print each formatted file to stdout. `--check`: print the files that would
 * change and exit 1 if any would. `--write`: rewrite changed files atomically.
 * Files with errors are never formatted: their diagnostics go to stderr (exit 1).
 * Exit codes: 0 ok, 1 errors or (with --check) files that would change, 2 usage/I/O.
 */
import { readFile } from 'node:fs/promises';
import type { CliIo, CommandRunner } from '../../runtime/cli/cli-io.js';
import { formatSource } from '../fmt/format-source.js';
import { renderDiagnosticLine } from '../fmt/render-diagnostic-line.js';
import { writeFileAtomic } from '../fmt/write-file-atomic.js';

const USAGE = 'usage: p0f-ts fmt FILE... [--check | --write]\n';

interface FmtOptions {
  readonly files: readonly string[];
  readonly mode: 'print' | 'check' | 'write';
}

function parseArgs(args: readonly string[]): FmtOptions | string {
  const files: string[] = [];
  let check = false;
  let write = false;
  for (const arg of args) {
    if (arg === '--check') check = true;
    else if (arg === '--write') write = true;
    else if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
    else files.push(arg);
  }
  if (files.length === 0) return 'no input files';
  if (check && write) return '--check and --write cannot be combined';
  return { files, mode: check ? 'check' : write ? 'write' : 'print' };
}

export const run: CommandRunner = async (args, io) => {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.writeError(`p0f-ts fmt: ${options}\n${USAGE}`);
    return 2;
  }
  let status = 0;
  for (const file of options.files) status = Math.max(status, await formatOne(file, options.mode, io));
  return status;
};

async function formatOne(file: string, mode: FmtOptions['mode'], io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'latin1');
  } catch (error) {
    io.writeError(`p0f-ts fmt: cannot read '${file}': ${(error as Error).message}\n`);
    return 2;
  }
  const outcome = formatSource(text, file);
  if (outcome.kind === 'refused') {
    for (const d of outcome.diagnostics) io.writeError(renderDiagnosticLine(d));
    io.writeError(`p0f-ts fmt: '${file}' has errors; not formatted\n`);
    return 1;
  }
  if (outcome.kind === 'unsafe') {
    io.writeError(`p0f-ts fmt: '${file}': ${outcome.reason}; not formatted\n`);
    return 1;
  }
  if (mode === 'print') {
    io.write(outcome.text);
    return 0;
  }
  if (mode === 'check') {
    if (!outcome.changed) return 0;
    io.write(`${file}\n`);
    return 1;
  }
  if (!outcome.changed) return 0;
  const written = await writeFileAtomic(file, outcome.text);
  if (written !== null) {
    io.writeError(`p0f-ts fmt: cannot write '${file}': ${written}\n`);
    return 2;
  }
  io.writeError(`formatted ${file}\n`);
  return 0;
}
