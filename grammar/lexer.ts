/** The multi-mode Chevrotain lexer for values; the start mode is the value's key. */
import { Lexer, type IToken } from 'chevrotain';
import { VALUE_MODES } from './tokens.js';
import { TCP_SIG_MODES } from './tcp-sig-tokens.js';

export type ValueKey = 'classes' | 'label' | 'sys' | 'ua_os' | 'http_sig' | 'mtu_sig' | 'tcp_sig';

const MODES = { ...VALUE_MODES, ...TCP_SIG_MODES };

const valueLexer = new Lexer(
  { modes: Object.fromEntries(Object.entries(MODES).map(([k, v]) => [k, [...v]])), defaultMode: 'classes' },
  { positionTracking: 'onlyOffset', ensureOptimizations: false },
);

/** Tokens of one value. Every mode has a catch-all, so there are never lexing errors. */
export function lexValue(key: ValueKey, value: string): IToken[] {
  return valueLexer.tokenize(value, key).tokens;
}
