/**
 * Entry point of the `-d` child (see daemon.ts): runs the same command line, with output
 * going to the parent over the start-up pipe until live mode says it is ready.
 */
import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/main.js';
import { daemonChannel } from './daemon.js';

const channel = daemonChannel();
const io: CliIo = {
  write(text: string): void {
    if (channel?.isOpen) channel.send({ t: 'out', text });
    else process.stdout.write(text);
  },
  writeError(text: string): void {
    if (channel?.isOpen) channel.send({ t: 'err', text });
    else process.stderr.write(text);
  },
  isTty: false,
};

process.exitCode = await runCli(process.argv.slice(2), io);
