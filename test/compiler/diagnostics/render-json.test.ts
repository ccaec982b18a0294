import { describe, expect, it } from 'vitest';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { renderJson } from '../../../compiler/diagnostics/render-json.js';

describe('JSON output', () => {
  it('is a flat array with 1-based positions', () => {
    const ds = loadDatabase('classes = a\n[tcp:request]\nlabel = s:a:X:\nsig = *:64:0:*:*,*:mss::0 \n', 'p0f.fp').diagnostics;
    expect(JSON.parse(renderJson(ds))).toEqual([
      { file: 'p0f.fp', line: 4, column: 25, endLine: 4, endColumn: 27, severity: 'error', code: 'E049', message: 'malformed payload class "0 "' },
    ]);
  });
});
