/**
 * HTTP matching throughput: interpreted vs compiled (table-driven) vs compiled with the
 * generated header-order checks, on the stock database. Messages are synthesised for
 * every signature (matching ones) plus unmatched browser-like requests, in a fixed mix.
 *   npx tsx scripts/bench-http.ts [/etc/p0f/p0f.fp]     (ROUNDS=n for longer runs)
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { loadDatabase } from '../compiler/model/load-database.js';
import { buildHttpTables } from '../compiler/tables/build-http-tables.js';
import { emitHttpMatchers } from '../compiler/codegen/emit-http-matchers.js';
import { observeHttpHeaders, type HttpHeader, type HttpObservation } from '../runtime/fingerprint/http-observation.js';
import type { HttpSignature } from '../runtime/fingerprint/http-types.js';
import { createCompiledHttpMatcher, createInterpretedHttpMatcher, type HttpMatcher } from '../runtime/match/http-matcher.js';
import type { HttpTables } from '../runtime/match/http-tables.js';

const fpPath = process.argv[2] ?? '/etc/p0f/p0f.fp';
const loaded = loadDatabase(readFileSync(fpPath, 'latin1'), fpPath);
if (loaded.database === null) {
  console.error(`bench-http: ${fpPath} did not load`);
  process.exit(1);
}
const db = loaded.database;

/** A message the signature matches: its headers in order, values holding the required substrings, an extra header. */
function messageFor(s: HttpSignature): HttpObservation {
  const headers: HttpHeader[] = [];
  for (const h of s.headers) headers.push({ name: h.name, value: h.value === null ? 'v' : `x${h.value}y` });
  headers.splice(1, 0, { name: 'X-Extra', value: '1' });
  return observeHttpHeaders(s.direction, s.version === -1 ? 1 : s.version, headers);
}

const messages: { obs: HttpObservation; direction: 'request' | 'response' }[] = [];
for (const s of [...db.httpRequest, ...db.httpResponse]) messages.push({ obs: messageFor(s), direction: s.direction });
const browser: HttpHeader[] = [
  { name: 'Host', value: 'example.com' }, { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0' },
  { name: 'Accept', value: 'text/html,application/xhtml+xml,*/*;q=0.8' }, { name: 'Accept-Language', value: 'en-US,en;q=0.5' },
  { name: 'Accept-Encoding', value: 'gzip, deflate, br' }, { name: 'Connection', value: 'keep-alive' }, { name: 'Upgrade-Insecure-Requests', value: '1' },
  { name: 'Sec-Fetch-Dest', value: 'document' }, { name: 'Sec-Fetch-Mode', value: 'navigate' }, { name: 'Cookie', value: 'a=b' },
];
for (let i = 0; i < 40; i++) messages.push({ obs: observeHttpHeaders('request', 1, browser.slice(0, 4 + (i % 7))), direction: 'request' });

async function generatedTables(): Promise<HttpTables> {
  const js = ts.transpileModule(emitHttpMatchers(db, '// bench'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-bench-'));
  try {
    const file = join(dir, 'http-matchers.mjs');
    writeFileSync(file, js);
    return ((await import(pathToFileURL(file).href)) as { httpTables: HttpTables }).httpTables;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function bench(name: string, matcher: HttpMatcher): number {
  let sink = 0;
  const run = (rounds: number): void => {
    for (let r = 0; r < rounds; r++) for (const m of messages) if (matcher.match(m.obs, m.direction).kind === 'match') sink++;
  };
  // Long warm-up: the generated switch functions are large and tier up late in V8.
  run(1500);
  const rounds = Number(process.env.ROUNDS ?? 2000);
  const start = process.hrtime.bigint();
  run(rounds);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = (rounds * messages.length) / seconds;
  console.log(`${name.padEnd(34)} ${(rate / 1e3).toFixed(0).padStart(7)} k messages/s  (${((seconds * 1e9) / (rounds * messages.length)).toFixed(0)} ns/message, ${sink} matches)`);
  return rate;
}

const interpreted = bench('interpreted', createInterpretedHttpMatcher(db));
const compiled = bench('compiled (table-driven checks)', createCompiledHttpMatcher(db, buildHttpTables(db)));
const generated = bench('compiled (generated checks)', createCompiledHttpMatcher(db, await generatedTables()));
console.log(`speed-up: table-driven ${(compiled / interpreted).toFixed(2)}x, generated ${(generated / interpreted).toFixed(2)}x over interpreted (${messages.length} messages, ${db.httpRequest.length}+${db.httpResponse.length} signatures)`);
