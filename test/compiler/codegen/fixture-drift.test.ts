/**
 * generated/fixtures/ holds the committed output of compiling fixtures/small.fp. It is
 * type-checked with the rest of the tree (so emitted code is proven to compile) and
 * must not drift from what the compiler emits today.
 * Regenerate with: P0F_TS_UPDATE_FIXTURES=1 npx vitest run test/compiler/codegen/fixture-drift.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emitDatabase, emitTcpTables } from '../../../compiler/codegen/emit-tables.js';
import { compilerVersion, generatedHeader } from '../../../compiler/codegen/header.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { buildTcpTables } from '../../../compiler/tables/build-tables.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE = 'test/compiler/codegen/fixtures/small.fp';

describe('generated/fixtures', () => {
  const text = readFileSync(join(root, SOURCE), 'latin1');
  const loaded = loadDatabase(text, SOURCE);
  const db = loaded.database!;
  const header = generatedHeader({ compilerVersion: compilerVersion(), sourcePath: SOURCE, sourceSha256: db.source.sha256 });
  const expected = {
    'database.generated.ts': emitDatabase(db, header, { runtimeDir: '../../runtime' }),
    'tcp-tables.generated.ts': emitTcpTables(buildTcpTables(db), db, header, { runtimeDir: '../../runtime' }),
  };

  it('the fixture database loads cleanly', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(db.tcpRequest.length).toBe(8);
  });

  for (const [name, content] of Object.entries(expected)) {
    it(`${name} matches the compiler's output`, async () => {
      const path = join(root, 'generated/fixtures', name);
      if (process.env.P0F_TS_UPDATE_FIXTURES === '1') writeFileSync(path, content);
      expect(readFileSync(path, 'utf8'), `${path} has drifted; regenerate it (see this file's header)`).toBe(content);
    });
  }

  it('the committed modules evaluate to the in-memory values', async () => {
    const tables = (await import('../../../generated/fixtures/tcp-tables.generated.js')).tcpTables;
    const database = (await import('../../../generated/fixtures/database.generated.js')).database;
    expect(tables).toEqual(buildTcpTables(db));
    expect(database).toEqual(db);
  });
});
