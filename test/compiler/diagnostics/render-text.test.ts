/** Golden rendered output: golden/NNN.fp linted and rendered must equal golden/NNN.out. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { renderText } from '../../../compiler/diagnostics/render-text.js';

const dir = new URL('./golden/', import.meta.url);

function render(n: string, color = false): string {
  const text = readFileSync(new URL(`${n}.fp`, dir), 'latin1');
  return renderText(loadDatabase(text, `${n}.fp`).diagnostics, { color, sources: () => text });
}

describe('renderText goldens', () => {
  for (const n of ['001', '002', '003', '004']) {
    it(`${n}.fp`, () => {
      expect(render(n)).toBe(readFileSync(new URL(`${n}.out`, dir), 'utf8'));
    });
  }

  it('colours only when asked', () => {
    expect(render('001')).not.toContain('\x1b[');
    const coloured = render('001', true);
    expect(coloured).toContain('\x1b[1;31merror[E024]\x1b[0m');
    // Stripping the escapes gives the plain rendering back.
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(render('001'));
  });

  it('renders without the source text when none is given', () => {
    const ds = loadDatabase('[TCP:request]\n', 'x.fp').diagnostics;
    expect(renderText(ds)).toBe([
      'error[E007]: unrecognized fingerprinting module "TCP"',
      ' --> x.fp:1:2',
      '  |',
      '1 |',
      '  |  ^^^ unrecognized fingerprinting module',
      '  |',
      "  = help: the module must be 'tcp' or 'http' (lowercase), or the whole header '[mtu]'",
      '  = note: p0f says "Unrecognized fingerprinting module \'TCP\' in line 1."',
      '',
    ].join('\n'));
  });
});
