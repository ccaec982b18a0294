/** Loads a database for the diff/explain tests; a test database with errors is a test bug. */
import { loadDatabase } from '../../../compiler/model/load-database.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';

export function loadForTest(text: string, file = 'test.fp'): SignatureDatabase {
  const loaded = loadDatabase(text, file);
  if (loaded.database === null) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    throw new Error(`test database has errors: ${errors.map((d) => `${d.span.line}: ${d.message}`).join('; ')}`);
  }
  return loaded.database;
}
