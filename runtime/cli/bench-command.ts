/**
 * `p0f-ts bench` (`npm run bench`): runs scripts/bench.ts through tsx, which lives in the
 * source tree (benchmarks are development tools and are not part of dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './cli-io.js';

export async function runBenchCommand(args: readonly string[], io: CliIo): Promise<number> {
  // dist/runtime/cli → repository root is three levels up; runtime/cli (tsx) → two.
  const candidates = ['../../../', '../../'].map((up) => fileURLToPath(new URL(up, import.meta.url)));
  const root = candidates.find((dir) => existsSync(`${dir}scripts/bench.ts`));
  if (root === undefined) {
    io.writeError('p0f-ts bench: scripts/bench.ts not found (benchmarks need the source tree)\n');
    return 2;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], { cwd: root, stdio: 'inherit' });
  if (r.error) {
    io.writeError(`p0f-ts bench: ${r.error.message}\n`);
    return 2;
  }
  return r.status ?? 1;
}
