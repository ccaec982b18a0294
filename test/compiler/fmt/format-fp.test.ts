import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFp } from '../../../compiler/fmt/format-fp.js';
import { parseFp } from '../../../grammar/parse-fp.js';

const parse = (text: string) => parseFp(text, 'test.fp').ast;

const GOLDEN = join(import.meta.dirname, 'golden');
const cases = readdirSync(GOLDEN).filter((f) => f.endsWith('.unformatted')).map((f) => f.replace(/\.unformatted$/, ''));

describe('formatFp golden files', () => {
  it('has golden cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });
  for (const name of cases) {
    const input = readFileSync(join(GOLDEN, `${name}.unformatted`), 'latin1');
    const expected = readFileSync(join(GOLDEN, `${name}.formatted`), 'latin1');
    it(`${name}: input is not already formatted`, () => {
      expect(input).not.toBe(expected);
    });
    it(`${name}: formats to the golden output`, () => {
      expect(formatFp(parse(input))).toBe(expected);
    });
    it(`${name}: the golden output is a fixed point`, () => {
      expect(formatFp(parse(expected))).toBe(expected);
    });
  }
});

describe('formatFp', () => {
  it('leaves the stock database unchanged except for its one double blank line', () => {
    const stock = readFileSync('/etc/p0f/p0f.fp', 'latin1');
    const formatted = formatFp(parse(stock));
    expect(formatted).toBe(stock.replace('\n\n\nlabel = s:unix:Linux:3.x\n', '\n\nlabel = s:unix:Linux:3.x\n'));
  });
  it('formats an empty file to an empty file', () => {
    expect(formatFp(parse(''))).toBe('');
    expect(formatFp(parse('\n \n\t\n'))).toBe('');
  });
  it('never touches a trailing CR in a value', () => {
    expect(formatFp(parse('[mtu]\nlabel  =  x\r\n'))).toBe('[mtu]\nlabel = x\r\n');
  });
});
