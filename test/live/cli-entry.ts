/** Runs the p0f-ts CLI from source (for tests that need it as a real process: netns, daemon, -u). */
import { runCli } from '../../runtime/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
