/** The multi-mode Chevrotain lexer for list-like values; the start mode is the value's key. */
import { Lexer, type IToken } from 'chevrotain';
import { VALUE_MODES } from './tokens.js';

export type ValueKey = 'classes' | 'label' | 'sys' | 'ua_os' | 'http_sig' | 'mtu_sig';

const valueLexer = new Lexer(
  { modes: Object.fromEntries(Object.entries(VALUE_MODES).map(([k, v]) => [k, [...v]])), defaultMode: 'classes' },
  { positionTracking: 'onlyOffset', ensureOptimizations: false },
);

/** Tokens of one value. Every mode has a catch-all, so there are never lexing errors. */
export function lexValue(key: ValueKey, value: string): IToken[] {
  return valueLexer.tokenize(value, key).tokens;
}
