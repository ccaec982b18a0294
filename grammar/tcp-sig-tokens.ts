/**
 * Tokens of the TCP signature value `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`,
 * one lexer mode per field: digits, '*' and ':' mean different things per field, and
 * p0f's loader reads the value left to right, so each field's separator pushes the next
 * field's mode. Tokens match the first pattern listed, never the longest, which is
 * p0f's prefix matching of option and quirk words (`nopx` is `nop` then a stray `x`).
 */
import { createToken, type TokenType } from 'chevrotain';
import { Stray } from './tokens.js';

const digits = (name: string): TokenType => createToken({ name, pattern: /[0-9]+/ });

export const IpVersion = createToken({ name: 'IpVersion', pattern: /[46*]/, push_mode: 'tcpVersionEnd' });
export const VersionColon = createToken({ name: 'VersionColon', pattern: /:/, push_mode: 'tcpTtl' });

// Initial TTL: `N:`, `N+D:`, `N-` (the '-' ends the field like ':') or `N-:` plus one
// character the loader skips unread, kept inside the token.
export const TtlDigits = digits('TtlDigits');
export const TtlColon = createToken({ name: 'TtlColon', pattern: /:/, push_mode: 'tcpOlen' });
export const TtlBad = createToken({ name: 'TtlBad', pattern: /-:[^]?/, push_mode: 'tcpOlen' });
export const TtlMinus = createToken({ name: 'TtlMinus', pattern: /-/, push_mode: 'tcpOlen' });
export const TtlPlus = createToken({ name: 'TtlPlus', pattern: /\+/, push_mode: 'tcpTtlDistance' });
export const DistanceDigits = digits('DistanceDigits');
export const DistanceColon = createToken({ name: 'DistanceColon', pattern: /:/, push_mode: 'tcpOlen' });

export const OlenDigits = digits('OlenDigits');
export const OlenColon = createToken({ name: 'OlenColon', pattern: /:/, push_mode: 'tcpMss' });

// '*' is a wildcard only when the separator follows at once ("*x" is an error at the '*').
export const MssAny = createToken({ name: 'MssAny', pattern: /\*:/, push_mode: 'tcpWindow' });
export const MssDigits = digits('MssDigits');
export const MssColon = createToken({ name: 'MssColon', pattern: /:/, push_mode: 'tcpWindow' });

export const WindowAny = createToken({ name: 'WindowAny', pattern: /\*,/, push_mode: 'tcpScale' });
export const WindowMod = createToken({ name: 'WindowMod', pattern: /%/ });
export const WindowMultiple = createToken({ name: 'WindowMultiple', pattern: /mss\*|mtu\*/ });
export const WindowDigits = digits('WindowDigits');
export const WindowComma = createToken({ name: 'WindowComma', pattern: /,/, push_mode: 'tcpScale' });

export const ScaleAny = createToken({ name: 'ScaleAny', pattern: /\*:/, push_mode: 'tcpLayout' });
export const ScaleDigits = digits('ScaleDigits');
export const ScaleColon = createToken({ name: 'ScaleColon', pattern: /:/, push_mode: 'tcpLayout' });

// Option layout. A bare `eol` is its own token so its error (E034) is told from an unknown word.
export const EolPlus = createToken({ name: 'EolPlus', pattern: /eol\+/ });
export const EolBare = createToken({ name: 'EolBare', pattern: /eol/ });
export const OptionUnknown = createToken({ name: 'OptionUnknown', pattern: /\?/ });
/** In p0f's test order. */
export const OptionWord = createToken({ name: 'OptionWord', pattern: /nop|mss|ws|sok|sack|ts/ });
export const LayoutDigits = digits('LayoutDigits');
export const LayoutComma = createToken({ name: 'LayoutComma', pattern: /,/ });
export const LayoutEnd = createToken({ name: 'LayoutEnd', pattern: /:/, push_mode: 'tcpQuirks' });

/** Quirk words in p0f's test order. */
const QUIRK_WORDS = ['df', 'id+', 'id-', 'ecn', '0+', 'flow', 'seq-', 'ack+', 'ack-', 'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad'];
export const QuirkWord = createToken({ name: 'QuirkWord', pattern: new RegExp(QUIRK_WORDS.map((w) => w.replace('+', '\\+')).join('|')) });
export const QuirkComma = createToken({ name: 'QuirkComma', pattern: /,/ });
export const QuirksEnd = createToken({ name: 'QuirksEnd', pattern: /:/, push_mode: 'tcpPclass' });

export const PayloadClassChar = createToken({ name: 'PayloadClassChar', pattern: /[*0+]/ });

export const TCP_SIG_MODES = {
  tcp_sig: [IpVersion, Stray],
  tcpVersionEnd: [VersionColon, Stray],
  tcpTtl: [TtlDigits, TtlColon, TtlBad, TtlMinus, TtlPlus, Stray],
  tcpTtlDistance: [DistanceDigits, DistanceColon, Stray],
  tcpOlen: [OlenDigits, OlenColon, Stray],
  tcpMss: [MssAny, MssDigits, MssColon, Stray],
  tcpWindow: [WindowAny, WindowMod, WindowMultiple, WindowDigits, WindowComma, Stray],
  tcpScale: [ScaleAny, ScaleDigits, ScaleColon, Stray],
  tcpLayout: [EolPlus, EolBare, OptionUnknown, OptionWord, LayoutDigits, LayoutComma, LayoutEnd, Stray],
  tcpQuirks: [QuirkWord, QuirkComma, QuirksEnd, Stray],
  tcpPclass: [PayloadClassChar, Stray],
} as const satisfies Record<string, readonly TokenType[]>;

export const TCP_SIG_TOKENS: readonly TokenType[] = [...new Set(Object.values(TCP_SIG_MODES).flat())];
