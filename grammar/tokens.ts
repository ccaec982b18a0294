/**
 * Every token of the p0f.fp value syntaxes but the TCP signature (tcp-sig-tokens.ts),
 * grouped in lexer modes because the same character means different things per value
 * (a space is a separator in `classes` but part of a name in `sys` and `ua_os`).
 * Each mode ends in a one-character `Stray` catch-all so the lexer never fails: every
 * problem becomes a parser error at the offending character, like p0f's cursor.
 */
import { createToken, type TokenType } from 'chevrotain';

/** p0f's NAMECHAR: ASCII letters, digits and ` ./-_!?()`. */
const NAMECHAR = 'A-Za-z0-9 ./\\-_!?()';

export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Blanks = createToken({ name: 'Blanks', pattern: /[ \t]+/ });
export const Stray = createToken({ name: 'Stray', pattern: /[^]/ });

// classes
export const ClassName = createToken({ name: 'ClassName', pattern: /[A-Za-z0-9]+/ });

// sys: a name cannot start with a blank (blanks between entries are skipped), except right after '@'.
export const At = createToken({ name: 'At', pattern: /@/, push_mode: 'sysAfterAt' });
export const SysName = createToken({ name: 'SysName', pattern: new RegExp(`[${NAMECHAR.replace(' ', '')}][${NAMECHAR}]*`) });
export const SysClassName = createToken({ name: 'SysClassName', pattern: new RegExp(`[${NAMECHAR}]+`), pop_mode: true });
export const StrayAfterAt = createToken({ name: 'StrayAfterAt', pattern: /[^]/, pop_mode: true });

// ua_os
export const UaName = createToken({ name: 'UaName', pattern: new RegExp(`[${NAMECHAR}]+`) });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const AliasOpen = createToken({ name: 'AliasOpen', pattern: /\[/, push_mode: 'alias' });
export const AliasText = createToken({ name: 'AliasText', pattern: /[^\]]+/ });
export const AliasClose = createToken({ name: 'AliasClose', pattern: /]/, pop_mode: true });

// label = type:class:name:flavor
export const LabelType = createToken({ name: 'LabelType', pattern: /[sg]/ });
export const ColonAfterType = createToken({ name: 'ColonAfterType', pattern: /:/, push_mode: 'labelClass' });
export const ClassToken = createToken({ name: 'ClassToken', pattern: /[A-Za-z0-9!]+/ });
export const ColonAfterClass = createToken({ name: 'ColonAfterClass', pattern: /:/, push_mode: 'labelName' });
export const LabelName = createToken({ name: 'LabelName', pattern: new RegExp(`[${NAMECHAR}]+`) });
export const ColonAfterName = createToken({ name: 'ColonAfterName', pattern: /:/, push_mode: 'flavor' });
export const Flavor = createToken({ name: 'Flavor', pattern: /[^]+/ });

// http sig = ver:horder:habsent:expsw. p0f checks the ':' after the version before the
// version itself, so the first token is "any character followed by ':'".
export const HttpVersionPrefix = createToken({ name: 'HttpVersionPrefix', pattern: /[^]:/, push_mode: 'httpHorder' });
export const HeaderName = createToken({ name: 'HeaderName', pattern: /[A-Za-z0-9_-]+/ });
export const Optional = createToken({ name: 'Optional', pattern: /\?/ });
export const HeaderEquals = createToken({ name: 'HeaderEquals', pattern: /=/ });
export const ValueOpen = createToken({ name: 'ValueOpen', pattern: /\[/, push_mode: 'httpValue' });
export const ValueText = createToken({ name: 'ValueText', pattern: /[^\]]+/ });
export const ValueClose = createToken({ name: 'ValueClose', pattern: /]/, pop_mode: true });
export const HorderEnd = createToken({ name: 'HorderEnd', pattern: /:/, push_mode: 'httpAbsent' });
export const AbsentEnd = createToken({ name: 'AbsentEnd', pattern: /:/, push_mode: 'httpSoftware' });
export const Software = createToken({ name: 'Software', pattern: /[^:]+/ });
export const SoftwareColon = createToken({ name: 'SoftwareColon', pattern: /:/ });

// [mtu] sig: a bare decimal number, nothing else.
export const MtuDigits = createToken({ name: 'MtuDigits', pattern: /[0-9]+/ });

export const VALUE_MODES = {
  classes: [ClassName, Comma, Blanks, Stray],
  sys: [At, SysName, Comma, Blanks, Stray],
  sysAfterAt: [SysClassName, StrayAfterAt],
  ua_os: [UaName, Equals, AliasOpen, Comma, Stray],
  alias: [AliasText, AliasClose],
  label: [LabelType, ColonAfterType, Stray],
  labelClass: [ClassToken, ColonAfterClass, Stray],
  labelName: [LabelName, ColonAfterName, Stray],
  flavor: [Flavor],
  http_sig: [HttpVersionPrefix, Stray],
  httpHorder: [Optional, HeaderName, HeaderEquals, ValueOpen, Comma, HorderEnd, Stray],
  httpValue: [ValueText, ValueClose],
  httpAbsent: [HeaderName, Comma, AbsentEnd, Stray],
  httpSoftware: [Software, SoftwareColon],
  mtu_sig: [MtuDigits, Stray],
} as const satisfies Record<string, readonly TokenType[]>;

export type ValueMode = keyof typeof VALUE_MODES;

export const ALL_TOKENS: readonly TokenType[] = [...new Set(Object.values(VALUE_MODES).flat())];
