// npm run build: type-check and emit dist/, compile the default database into generated/, emit again.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tsc = ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'];
run('node', tsc);
const db = process.env.P0F_FP ?? '/etc/p0f/p0f.fp';
if (existsSync(db)) {
  run('node', ['bin/p0f-ts.js', 'compile', db, '-o', 'generated']);
  run('node', tsc);
} else {
  console.warn(`build: ${db} not found; generated/ tables not built (install Debian's p0f package or set P0F_FP).`);
}
