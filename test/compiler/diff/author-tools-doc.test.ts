/**
 * The diff example in docs/author-tools.md is real output: rebuild the edited database it
 * describes, re-run the command and compare, so the documentation cannot drift.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../compiler/cli/diff-command.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';

const DOC = readFileSync(join(import.meta.dirname, '../../../docs/author-tools.md'), 'utf8');

/** The edits the example describes: scale 10 -> 11 on line 96, lines 100/101 swapped, a new Linux 4.x-6.x signature. */
function editedDatabase(): string {
  const lines = readFileSync('/etc/p0f/p0f.fp', 'latin1').split('\n');
  expect(lines[95]).toBe('sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0');
  lines[95] = 'sig   = *:64:0:*:mss*20,11:mss,sok,ts,nop,ws:df,id+:0';
  [lines[99], lines[100]] = [lines[100] as string, lines[99] as string];
  lines.splice(348, 0, 'label = s:unix:Linux:4.x-6.x\nsig   = *:64:0:*:mss*44,10:mss,sok,ts,nop,ws:df,id+:0\n');
  return lines.join('\n');
}

describe('docs/author-tools.md', () => {
  it('shows diff output exactly as the command prints it', async () => {
    const block = /```\n\$ p0f-ts diff (\S+) (\S+) --corpus (\S+)\n([\s\S]*?)\$ echo \$\?\n(\d)\n```/.exec(DOC);
    expect(block).not.toBeNull();
    if (block === null) return;
    const [, oldFile, newName, corpus, expected, status] = block as unknown as [string, string, string, string, string, string];
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-doc-'));
    try {
      const newFile = join(dir, newName);
      writeFileSync(newFile, editedDatabase(), 'latin1');
      const io: CliIo & { out: string; err: string } = { out: '', err: '', isTty: false, write: (t) => void (io.out += t), writeError: (t) => void (io.err += t) };
      expect(await run([oldFile, newFile, '--corpus', corpus], io)).toBe(Number(status));
      expect(io.out.split(newFile).join(newName)).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
