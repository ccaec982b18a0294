/**
 * The explain and fmt examples in docs/author-tools.md are real output: re-run them on the
 * upstream database and compare, so the documentation cannot drift.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as runExplain } from '../../../compiler/cli/explain-command.js';
import { run as runFmt } from '../../../compiler/cli/fmt-command.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';

const DOC = readFileSync(join(import.meta.dirname, '../../../docs/author-tools.md'), 'utf8');

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTty: false, write: (t: string) => void (io.out += t), writeError: (t: string) => void (io.err += t) };
  return io;
}

/** Splits a command line on blanks, honouring single quotes (no other shell syntax is used). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Code blocks that start with `$ p0f-ts <command>`: [arguments, expected stdout]. */
function examples(command: string): [string[], string][] {
  const blocks = [...DOC.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .filter((b) => b.startsWith(`$ p0f-ts ${command} `))
    .map((b) => {
      const [first, ...rest] = b.split('\n');
      return [words((first as string).slice(`$ p0f-ts ${command} `.length)), rest.join('\n')];
    });
}

describe('docs/author-tools.md', () => {
  it('shows explain output exactly as the command prints it', async () => {
    const cases = examples('explain');
    expect(cases.length).toBeGreaterThanOrEqual(2);
    for (const [args, expected] of cases) {
      const io = captureIo();
      expect(await runExplain(args, io)).toBe(0);
      expect(io.out).toBe(expected);
    }
  });
  it('shows fmt output exactly as the command prints it for the messy example', async () => {
    const messy = /\$ cat messy\.fp\n([\s\S]*?)\n\$ p0f-ts fmt messy\.fp\n([\s\S]*?)```/.exec(DOC);
    expect(messy).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-doc-'));
    try {
      const file = join(dir, 'messy.fp');
      writeFileSync(file, `${messy?.[1] ?? ''}\n`, 'latin1');
      const io = captureIo();
      expect(await runFmt([file], io)).toBe(0);
      expect(io.out).toBe(messy?.[2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
