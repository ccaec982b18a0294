/**
 * `p0f-ts lint FILE… [--format text|json|sarif] [--deny-warnings]`
 * Exit 0: no errors; 1: errors (or warnings with --deny-warnings); 2: usage or I/O problem.
 */
import { readFileSync } from 'node:fs';
import type { CommandRunner } from '../../runtime/cli/cli-io.js';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { loadDatabase } from '../model/load-database.js';
import { renderText } from '../diagnostics/render-text.js';
import { renderJson } from '../diagnostics/render-json.js';
import { renderSarif } from '../diagnostics/render-sarif.js';

export const LINT_USAGE = `Usage: p0f-ts lint FILE... [--format text|json|sarif] [--deny-warnings]

Checks p0f.fp signature databases: every problem p0f's loader would refuse (E0xx codes,
same line numbers as p0f) plus lint warnings. Silence a warning with a comment on the
line or the line above: ; p0f-ts-allow: unreachable-signature
`;

type Format = 'text' | 'json' | 'sarif';

interface LintArgs {
  readonly files: string[];
  readonly format: Format;
  readonly denyWarnings: boolean;
}

function parseArgs(args: readonly string[]): LintArgs | { error: string } | 'help' {
  const files: string[] = [];
  let format: Format = 'text';
  let denyWarnings = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--deny-warnings') denyWarnings = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args[++i] : a.slice('--format='.length);
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return { error: `unknown format '${v ?? ''}' (expected text, json or sarif)` };
      format = v;
    } else if (a.startsWith('-') && a !== '-') return { error: `unknown option '${a}'` };
    else files.push(a);
  }
  if (files.length === 0) return { error: 'no input file' };
  return { files, format, denyWarnings };
}

/** Reads the file as bytes → latin1, as p0f does; an error value instead of an exception. */
function readSource(file: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(file).toString('latin1') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    return { error: `cannot read '${file}': ${why}` };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const run: CommandRunner = async (args, io) => {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    io.write(LINT_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.writeError(`p0f-ts lint: ${parsed.error}\n\n${LINT_USAGE}`);
    return 2;
  }
  const sources = new Map<string, string>();
  const all: Diagnostic[] = [];
  for (const file of parsed.files) {
    const src = readSource(file);
    if ('error' in src) {
      io.writeError(`p0f-ts lint: ${src.error}\n`);
      return 2;
    }
    sources.set(file, src.text);
    all.push(...loadDatabase(src.text, file).diagnostics);
  }
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  if (parsed.format === 'json') io.write(renderJson(all));
  else if (parsed.format === 'sarif') io.write(renderSarif(all));
  else {
    const text = renderText(all, { color: io.isTty, sources: (f) => sources.get(f) });
    if (text.length > 0) io.write(`${text}\n`);
    const where = parsed.files.length === 1 ? parsed.files[0] : plural(parsed.files.length, 'file');
    io.write(`${where}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  return errors > 0 || (parsed.denyWarnings && warnings > 0) ? 1 : 0;
};

/**
 * Time to lint the stock database in this (already started) process: the first call
 * (cold JIT) and the warm median, as wall time and as this process's CPU time (the
 * latter is meaningful on a busy machine, where wall time mostly measures waiting).
 */
export function benchLint(file = '/etc/p0f/p0f.fp', rounds = 20): { ms: number; cpuMs: number; warmMs: number; warmCpuMs: number } {
  const text = readFileSync(file).toString('latin1');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  loadDatabase(text, file);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    loadDatabase(text, file);
    times.push(performance.now() - s);
    const u = process.cpuUsage(c);
    cpuTimes.push((u.user + u.system) / 1000);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, warmMs: median(times), warmCpuMs: median(cpuTimes) };
}
