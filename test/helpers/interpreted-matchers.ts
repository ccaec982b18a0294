/** Test stand-in for runtime/match/matcher-set.ts: the interpreted matchers over the stock database. */
import { readFileSync } from 'node:fs';
import { loadDatabase } from '../../compiler/model/load-database.js';
import { createInterpretedHttpMatcher } from '../../runtime/match/http-matcher.js';
import { createInterpretedMtuMatcher } from '../../runtime/match/mtu-matcher.js';
import { createInterpretedTcpMatcher } from '../../runtime/match/tcp-interpreter.js';
import type { ProcessorMatchers } from '../../runtime/process/packet-processor.js';

export function loadInterpretedMatchers(fpPath: string): ProcessorMatchers {
  const { database, diagnostics } = loadDatabase(readFileSync(fpPath, 'latin1'), fpPath);
  if (database === null) throw new Error(`test database ${fpPath} did not load: ${JSON.stringify(diagnostics[0])}`);
  return {
    database,
    tcp: createInterpretedTcpMatcher(database),
    mtu: createInterpretedMtuMatcher(database.mtu),
    http: createInterpretedHttpMatcher(database),
  };
}
