/**
 * The library accepts exactly the `-m c,h` / `-t c,h` values the real p0f accepts (the
 * bounds live in runtime/process/limits.ts, shared with the command line, which checks
 * them the same way: test/runtime/cli/p0f-flags.test.ts).
 */
import { beforeAll, expect, it } from 'vitest';
import { createPacketFingerprinter, loadSignatures, type FingerprintOptions, type Signatures } from 'p0f-ts';
import { runRealP0f } from '../helpers/run-cli.js';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../helpers/shared-corpus.js';

type Limit = 'maxConnections' | 'maxHosts' | 'connectionMaxAgeSeconds' | 'hostIdleLimitMinutes';

/** Each limit, p0f's flag, and where it sits in the flag's `c,h` pair. */
const LIMITS: ReadonlyArray<{ readonly limit: Limit; readonly flag: '-m' | '-t'; readonly second: boolean; readonly around: readonly number[] }> = [
  { limit: 'maxConnections', flag: '-m', second: false, around: [1, 100000, 100001] },
  { limit: 'maxHosts', flag: '-m', second: true, around: [1, 500000, 500001] },
  { limit: 'connectionMaxAgeSeconds', flag: '-t', second: false, around: [1, 1000000, 1000001] },
  { limit: 'hostIdleLimitMinutes', flag: '-t', second: true, around: [1, 1000000, 1000001] },
];

/** Does the real p0f take this value (it then fails later, on the missing capture file)? */
async function p0fAccepts(flag: string, pair: string): Promise<boolean> {
  const run = await runRealP0f([flag, pair, '-r', '/nonexistent/capture.pcap']);
  const outlandish = run.stderr.includes(`Outlandish value specified for ${flag}.`) || run.stdout.includes(`Outlandish value specified for ${flag}.`);
  expect(outlandish || (run.stderr + run.stdout).includes("Can't access file")).toBe(true);
  return !outlandish;
}

let signatures: Signatures;
beforeAll(async () => {
  const loaded = await loadSignatures();
  if (!loaded.ok) throw new Error(loaded.message);
  signatures = loaded.signatures;
});

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'library limits vs the real p0f', () => {
  it('each -m / -t limit is accepted up to p0f\'s bound and refused past it', async () => {
    for (const { limit, flag, second, around } of LIMITS) {
      for (const value of around) {
        const pair = second ? `1,${value}` : `${value},1`;
        const options: FingerprintOptions = { [limit]: value };
        const created = createPacketFingerprinter({ signatures, onEvent: () => undefined, ...options });
        expect({ limit, value, accepted: created.ok }).toEqual({ limit, value, accepted: await p0fAccepts(flag, pair) });
      }
    }
  });
});
