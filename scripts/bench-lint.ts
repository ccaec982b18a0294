// Time to lint the full upstream database after start-up (first run, then warm runs).
import { benchLint } from '../compiler/cli/lint-command.js';

const file = process.argv[2] ?? '/etc/p0f/p0f.fp';
const r = benchLint(file);
console.log(`lint ${file}: first run ${r.ms.toFixed(1)} ms (${r.cpuMs.toFixed(1)} ms CPU), warm median ${r.warmMs.toFixed(1)} ms (${r.warmCpuMs.toFixed(1)} ms CPU)`);
