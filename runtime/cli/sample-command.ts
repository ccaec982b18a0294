/** `p0f-ts sample [FILE]`: writes the bundled sample capture (default signatures/sample.pcap). */
import { writeFileSync } from 'node:fs';
import type { CliIo } from './cli-io.js';
import { buildSampleCapture } from './sample-capture.js';

export async function runSampleCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 1 || args[0] === '-h' || args[0] === '--help') {
    io.writeError('usage: p0f-ts sample [FILE]   (writes a small demonstration capture; default signatures/sample.pcap)\n');
    return 2;
  }
  const file = args[0] ?? 'signatures/sample.pcap';
  const bytes = buildSampleCapture();
  try {
    writeFileSync(file, bytes);
  } catch (err) {
    io.writeError(`p0f-ts sample: cannot write '${file}': ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  io.write(`Wrote ${bytes.length} bytes to '${file}'.\n`);
  return 0;
}
