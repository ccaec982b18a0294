/**
 * Matchers for live tests: the project's matcher set when it is available, otherwise the
 * interpreted matchers over a database loaded by the compiler's loader.
 */
import { readFileSync } from 'node:fs';
import { loadDatabase } from '../../compiler/model/load-database.js';
import { createInterpretedHttpMatcher } from '../../runtime/match/http-matcher.js';
import { createInterpretedMtuMatcher } from '../../runtime/match/mtu-matcher.js';
import { createInterpretedTcpMatcher } from '../../runtime/match/tcp-interpreter.js';
import type { ProcessorMatchers } from '../../runtime/process/packet-processor.js';

export const STOCK_FP = '/etc/p0f/p0f.fp';

export function matchersFromText(text: string, file: string): { ok: true; set: ProcessorMatchers } | { ok: false; message: string; diagnostics: readonly unknown[] } {
  const loaded = loadDatabase(text, file);
  if (loaded.database === null) return { ok: false, message: `cannot load '${file}'`, diagnostics: loaded.diagnostics };
  const database = loaded.database;
  return {
    ok: true,
    set: {
      database,
      tcp: createInterpretedTcpMatcher(database),
      mtu: createInterpretedMtuMatcher(database.mtu),
      http: createInterpretedHttpMatcher(database),
    },
  };
}

export function matchersFromFile(file: string = STOCK_FP): { ok: true; set: ProcessorMatchers } | { ok: false; message: string; diagnostics: readonly unknown[] } {
  return matchersFromText(readFileSync(file, 'latin1'), file);
}

export function stockMatchers(): ProcessorMatchers {
  const loaded = matchersFromFile();
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.set;
}
