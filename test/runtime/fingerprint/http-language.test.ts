/** Accept-Language → lang field (spec B.6.2/B.7), on the cases the spec verified on p0f. */
import { describe, expect, it } from 'vitest';
import { detectHttpLanguage, HTTP_LANGUAGES } from '../../../runtime/fingerprint/http-language.js';

describe('detectHttpLanguage', () => {
  it.each([
    ['en-US,en;q=0.5', { kind: 'known', name: 'English' }],
    ['de', { kind: 'known', name: 'German' }],
    ['pl;q=1', { kind: 'known', name: 'Polish' }],
    ['zh_CN', { kind: 'known', name: 'Chinese' }],
    ['EN', { kind: 'unknown' }],
    ['xx', { kind: 'unknown' }],
    ['eng', { kind: 'none' }],
    ['*', { kind: 'none' }],
    ['e', { kind: 'none' }],
    [' pl', { kind: 'none' }],
    ['', { kind: 'none' }],
  ])('%j', (value, expected) => {
    expect(detectHttpLanguage(value)).toEqual(expected);
  });

  it('no header means none', () => {
    expect(detectHttpLanguage(null)).toEqual({ kind: 'none' });
  });

  it('has the 185 lowercase codes of p0f', () => {
    expect(HTTP_LANGUAGES.size).toBe(185);
    expect([...HTTP_LANGUAGES.keys()].every((k) => /^[a-z]{2}$/.test(k))).toBe(true);
    expect(HTTP_LANGUAGES.get('nb')).toBe('Norwegian Bokmal');
  });
});
