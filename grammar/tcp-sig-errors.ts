/**
 * Maps the first Chevrotain error in a TCP signature to the loader error p0f reports there:
 * the rule it happened in names the field, and inside the option and quirk lists the token
 * read last tells an unknown word (E040/E042) from a bad separator (E036/E038/E041/E048).
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { fail, scanWhile, showChar, type ValueError } from './value-scan.js';
import { EolBare, EolPlus, LayoutDigits, OptionUnknown, OptionWord, QuirkWord, QuirksEnd, WindowMultiple } from './tcp-sig-tokens.js';

/** The last token that starts before `at` (what the parser had read when it failed). */
function lastBefore(tokens: readonly IToken[], at: number): number {
  let i = 0;
  while (i < tokens.length && tokens[i].startOffset < at) i++;
  return i - 1;
}

/** End of an unrecognised word: up to the next ',' or ':', at least one character. */
function wordEnd(v: string, at: number): number {
  return Math.max(scanWhile(v, at, (c) => c !== 44 && c !== 58), at + 1);
}

function layoutError(tokens: readonly IToken[], e: IRecognitionException, at: number, v: string): ValueError {
  const found = showChar(v, at);
  let k = lastBefore(tokens, at);
  if (k >= 0 && tokens[k].tokenType === LayoutDigits) k--;
  const lead = k >= 0 ? tokens[k] : undefined;
  if (lead?.tokenType === EolPlus) {
    return at >= v.length
      ? fail('E035', lead.startOffset, v.length, "truncated options: the signature ends after 'eol+N'").error
      : fail('E036', at, at + 1, `EOL must be the last option, found ${found} after it`).error;
  }
  if (lead?.tokenType === OptionUnknown) return fail('E038', at, at + 1, `malformed '?' option: expected digits then ',' or ':', found ${found}`).error;
  if (lead?.tokenType === OptionWord) return fail('E041', at, at + 1, `malformed TCP options: expected ',' or ':' after '${lead.image}', found ${found}`).error;
  // Where an option should start.
  if (e.token.tokenType === EolBare) {
    return fail('E034', at, at + 3, `malformed EOL option: expected '+' after 'eol', found ${showChar(v, at + 3)}`, "write 'eol+N' with N bytes of padding").error;
  }
  const end = wordEnd(v, at);
  return fail('E040', at, end, at >= v.length ? 'unrecognized TCP option: the signature ends inside the option layout' : `unrecognized TCP option ${JSON.stringify(v.slice(at, end))}`).error;
}

function quirksError(tokens: readonly IToken[], at: number, v: string): ValueError {
  const k = lastBefore(tokens, at);
  if (k >= 0 && tokens[k].tokenType === QuirkWord) {
    return fail('E048', at, at + 1, `malformed quirks: expected ',' or ':' after '${tokens[k].image}', found ${showChar(v, at)}`).error;
  }
  const end = wordEnd(v, at);
  return fail('E042', at, end, at >= v.length ? 'unrecognized quirk: the signature ends inside the quirk list' : `unrecognized quirk ${JSON.stringify(v.slice(at, end))}`).error;
}

/** The payload class is everything after the quirks' ':' and must be exactly one of `*`, `0`, `+`. */
function payloadClassError(tokens: readonly IToken[], v: string): ValueError {
  const end = tokens.find((t) => t.tokenType === QuirksEnd);
  const i = end === undefined ? v.length : end.startOffset + 1;
  return fail('E049', i, Math.max(v.length, i + 1), `malformed payload class ${JSON.stringify(v.slice(i))}`,
    "the payload class is exactly '*', '0' or '+' with nothing after it (no trailing blanks or CR)").error;
}

export function tcpSigSyntaxError(e: IRecognitionException, tokens: readonly IToken[], v: string): ValueError {
  // Only the payload class can leave input behind once every field has been read.
  if (e.name === 'NotAllInputParsedException') return payloadClassError(tokens, v);
  const at = Number.isFinite(e.token.startOffset) ? e.token.startOffset : v.length;
  const expected = (what: string): ValueError => fail('E024', at, at + 1, `malformed signature: expected ${what}, found ${showChar(v, at)}`).error;
  const stack = e.context.ruleStack;
  switch (stack[stack.length - 1]) {
    case 'tcpSig':
      return at === 0
        ? fail('E023', 0, 1, `unrecognized IP version ${showChar(v, 0)}`, "the first field must be '4', '6' or '*'").error
        : expected("':' after the IP version");
    case 'ttl': return expected("':', '+' or '-' after the initial TTL");
    case 'ttlDistance': return expected("digits then ':' after '+'");
    case 'olen': return expected("':' after the IP option length");
    case 'mss': return expected("'*' or digits then ':' for the MSS");
    case 'windowMod': return expected("digits then ',' after '%'");
    case 'windowMultiple': {
      const k = lastBefore(tokens, at);
      const word = tokens[k].tokenType === WindowMultiple ? tokens[k] : tokens[k - 1];
      return expected(`digits then ',' after '${word.image}'`);
    }
    case 'window':
    case 'windowValue': return expected("a window size then ','");
    case 'scale': return expected("'*' or digits then ':' for the window scale");
    case 'olayout':
    case 'eolOption': return layoutError(tokens, e, at, v);
    case 'quirks': return quirksError(tokens, at, v);
    default: return payloadClassError(tokens, v);
  }
}
