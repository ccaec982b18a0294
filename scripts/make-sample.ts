/** Writes signatures/sample.pcap (same as `p0f-ts sample`). Run: npx tsx scripts/make-sample.ts [FILE] */
import { processIo } from '../runtime/cli/cli-io.js';
import { runSampleCommand } from '../runtime/cli/sample-command.js';

process.exitCode = await runSampleCommand(process.argv.slice(2), processIo);
