/**
 * The loader-parity error table: one entry per error p0f 3.09b's `.fp` loader can abort
 * with, numbered after the spec's catalogue (E24 -> `E024`) and never renumbered.
 * `p0f` is p0f's own printf format (`%u` = line number, `%s` = the offending text).
 * E1–E3 (cannot open / fstat / short read) are I/O failures: the CLI reports them with
 * exit status 2 instead of a diagnostic, so they have no entry here.
 */
export interface LoaderErrorInfo {
  readonly title: string;
  readonly p0f: string;
  readonly help: string;
}

export const LOADER_ERRORS = {
  E004: { title: 'malformed class entry', p0f: 'Malformed class entry in line %u.', help: "class names are letters and digits separated by ','; a label starts with 's:' or 'g:' then a class and ':'" },
  E005: { title: 'unknown class', p0f: "Unknown class '%s' in line %u.", help: "declare the class in a 'classes =' line before the first section, or use '!' for an application" },
  E006: { title: 'malformed section identifier', p0f: 'Malformed section identifier in line %u.', help: "expected '[mtu]', '[tcp:request]', '[tcp:response]', '[http:request]' or '[http:response]'" },
  E007: { title: 'unrecognized fingerprinting module', p0f: "Unrecognized fingerprinting module '%s' in line %u.", help: "the module must be 'tcp' or 'http' (lowercase), or the whole header '[mtu]'" },
  E008: { title: 'unrecognized traffic direction', p0f: 'Unrecognized traffic direction in line %u.', help: "the header must end in exactly 'request]' or 'response]', with nothing after it" },
  E009: { title: 'unexpected statement', p0f: 'Unexpected statement in line %u.', help: "a statement is 'key = value' with key classes, ua_os, label, sys or sig; comments start with ';' at the beginning of a line" },
  E010: { title: "misplaced 'classes'", p0f: "misplaced 'classes' in line %u.", help: "'classes' must come before the first section header" },
  E011: { title: "misplaced 'ua_os'", p0f: "misplaced 'us_os' in line %u.", help: "'ua_os' is allowed only right after '[http:request]', before its first label" },
  E012: { title: "misplaced 'label'", p0f: "misplaced 'label' in line %u.", help: "a label must follow a section header or a signature; an application label ('!') must be followed by one 'sys' line" },
  E013: { title: "misplaced 'sys'", p0f: "Misplaced 'sys' in line %u.", help: "'sys' is allowed only once, right after an application label ('s:!:…' or 'g:!:…') in a tcp or http section" },
  E014: { title: "misplaced 'sig'", p0f: "Misplaced 'sig' in line %u.", help: "a signature must follow a label in the same section (and the 'sys' line of an application label)" },
  E015: { title: 'unrecognized field', p0f: "Unrecognized field '%s' in line %u.", help: 'keys are case-sensitive: classes, ua_os, label, sys, sig' },
  E016: { title: 'malformed name', p0f: 'Malformed name in line %u.', help: "the name uses letters, digits, space and ./-_!?() and ends with ':' (the flavor follows)" },
  E017: { title: 'empty MTU label', p0f: 'Empty MTU label in line %u.\n', help: "give the link type a name, e.g. 'label = Ethernet or modem'" },
  E018: { title: 'malformed sys entry', p0f: 'Malformed sys entry in line %u.', help: "sys is a ','-separated list of OS names or '@class' references, without a trailing ','" },
  E019: { title: 'malformed system name', p0f: 'Malformed system name in line %u.', help: "ua_os entries are names (letters, digits, space, ./-_!?()) optionally followed by '=[match]', separated by one ','" },
  E020: { title: "missing '[' after '='", p0f: "Missing '[' after '=' in line %u.", help: "write values as name=[value]" },
  E021: { title: 'malformed ua_os alias', p0f: 'Malformed signature in line %u.', help: "the alias in name=[alias] must be non-empty and closed with ']'" },
  E022: { title: 'malformed MTU value', p0f: 'Malformed MTU value in line %u.', help: 'an MTU signature is a decimal number from 1 to 65535 with nothing after it' },
  E023: { title: 'unrecognized IP version', p0f: 'Unrecognized IP version in line %u.', help: "a TCP signature starts with '4', '6' or '*' followed by ':'" },
  E024: { title: 'malformed signature', p0f: 'Malformed signature in line %u.', help: 'TCP: ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass; HTTP: ver:horder:habsent:expsw' },
  E025: { title: 'bogus initial TTL', p0f: 'Bogus initial TTL in line %u.', help: 'the initial TTL (plus any +distance) must be between 1 and 255' },
  E027: { title: 'bogus IP option length', p0f: 'Bogus IP option length in line %u.', help: 'the IP option length must be between 0 and 255' },
  E028: { title: 'bogus MSS', p0f: 'Bogus MSS in line %u.', help: "the MSS must be '*' or between 0 and 65535" },
  E029: { title: "bogus '%' value", p0f: "Bogus '%' value in line %u.", help: "a '%N' window divisor must be between 2 and 65535" },
  E030: { title: 'bogus MSS/MTU multiplier', p0f: 'Bogus MSS/MTU multiplier in line %u.', help: "an 'mss*N' or 'mtu*N' multiplier must be between 1 and 1000" },
  E031: { title: 'bogus window size', p0f: 'Bogus window size in line %u.', help: "the window must be '*', '%N', 'mss*N', 'mtu*N' or a number from 0 to 65535" },
  E032: { title: 'bogus window scale', p0f: 'Bogus window scale in line %u.', help: "the window scale must be '*' or between 0 and 255" },
  E033: { title: 'too many TCP options', p0f: 'Too many TCP options in line %u.', help: 'a layout lists at most 24 options' },
  E034: { title: 'malformed EOL option', p0f: 'Malformed EOL option in line %u.', help: "write EOL as 'eol+N' with N bytes of padding" },
  E035: { title: 'truncated options', p0f: 'Truncated options in line %u.', help: "'eol+N' must be followed by ':' and the quirks" },
  E036: { title: 'EOL not last', p0f: 'EOL must be the last option in line %u.', help: "'eol+N' must be the last option of the layout" },
  E037: { title: 'bogus EOL padding', p0f: 'Bogus EOL padding in line %u.', help: 'EOL padding must be between 0 and 255' },
  E038: { title: "malformed '?' option", p0f: "Malformed '?' option in line %u.", help: "write an unknown option as '?N' followed by ',' or ':'" },
  E039: { title: "bogus '?' option", p0f: "Bogus '?' option in line %u.", help: "the option kind in '?N' must be between 0 and 255" },
  E040: { title: 'unrecognized TCP option', p0f: 'Unrecognized TCP option in line %u.', help: "expected 'eol+N', 'nop', 'mss', 'ws', 'sok', 'sack', 'ts' or '?N'" },
  E041: { title: 'malformed TCP options', p0f: 'Malformed TCP options in line %u.', help: "separate options with ',' and end the layout with ':'" },
  E042: { title: 'unrecognized quirk', p0f: 'Unrecognized quirk in line %u.', help: 'expected df, id+, id-, ecn, 0+, flow, seq-, ack+, ack-, uptr+, urgf+, pushf+, ts1-, ts2+, opt+, exws or bad' },
  E043: { title: "'df' not valid for IPv6", p0f: "'df' is not valid for IPv6 in line %d.", help: "use ipver '4' or '*' for a signature with 'df'" },
  E044: { title: "'id+' not valid for IPv6", p0f: "'id+' is not valid for IPv6 in line %d.", help: "use ipver '4' or '*' for a signature with 'id+'" },
  E045: { title: "'id-' not valid for IPv6", p0f: "'id-' is not valid for IPv6 in line %d.", help: "use ipver '4' or '*' for a signature with 'id-'" },
  E046: { title: "'0+' not valid for IPv6", p0f: "'0+' is not valid for IPv6 in line %d.", help: "use ipver '4' or '*' for a signature with '0+'" },
  E047: { title: "'flow' not valid for IPv4", p0f: "'flow' is not valid for IPv4 in line %d.", help: "use ipver '6' or '*' for a signature with 'flow'" },
  E048: { title: 'malformed quirks', p0f: 'Malformed quirks in line %u.', help: "separate quirks with ',' and end the list with ':'" },
  E049: { title: 'malformed payload class', p0f: 'Malformed payload class in line %u.', help: "the payload class is exactly '*', '0' or '+' (no trailing blanks or CR)" },
  E050: { title: 'signature already covered', p0f: 'Signature in line %u is already covered by line %u.', help: 'remove this signature or make it differ from the earlier specific signature that matches everything it matches' },
  E051: { title: 'bad HTTP version', p0f: 'Bad HTTP version in line %u.', help: "the HTTP version is '0', '1' or '*'" },
  E052: { title: 'too many headers', p0f: 'Too many headers listed in line %u.', help: 'list at most 32 headers in each of horder and habsent' },
  E053: { title: 'malformed header name', p0f: 'Malformed header name in line %u.', help: "header names use letters, digits, '-' and '_'; separate them with ',' and do not start or double a ','" },
} as const satisfies Record<string, LoaderErrorInfo>;

export type LoaderErrorCode = keyof typeof LOADER_ERRORS;

/** p0f's own message with the line number (and `%s` argument) filled in. */
export function formatP0fMessage(code: LoaderErrorCode, line: number, arg?: string, arg2?: number): string {
  let fmt: string = LOADER_ERRORS[code].p0f;
  if (arg !== undefined) fmt = fmt.replace('%s', arg);
  fmt = fmt.replace(/%[ud]/, String(line));
  if (arg2 !== undefined) fmt = fmt.replace(/%[ud]/, String(arg2));
  return fmt;
}
