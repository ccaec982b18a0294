/**
 * p0f's command line (spec §11): getopt `+LS:df:i:m:o:pr:s:t:u:` with p0f's own messages
 * for repeated options and bad values, the single trailing filter expression, and the
 * post-parse checks in p0f's order. p0f-ts adds `--compat 3.09b`, `--json`,
 * `--matcher interpreted|compiled` and `-h`/`--help`. Errors are returned as values; the
 * caller prints them (FATAL format, or glibc's message plus the usage text).
 */
import type { ErrorLocation } from '../output/status-lines.js';
import { DEFAULT_TRACKER_LIMITS, MAX_TRACKER_LIMITS as MAX } from '../process/limits.js';

export type MatcherKind = 'compiled' | 'interpreted';

export interface P0fOptions {
  readonly fpPath: string | null;
  readonly iface: string | null;
  readonly readFile: string | null;
  readonly logFile: string | null;
  readonly apiSocket: string | null;
  readonly user: string | null;
  readonly daemon: boolean;
  readonly promiscuous: boolean;
  readonly apiMaxClients: number;
  readonly maxConnections: number;
  readonly maxHosts: number;
  readonly connectionMaxAgeSeconds: number;
  readonly hostIdleLimitMinutes: number;
  readonly filter: string | null;
  /** `--compat 3.09b`: reproduce p0f 3.09b's packet-handling bugs. */
  readonly compat: boolean;
  /** `--json`: NDJSON on stdout instead of the pretty blocks. */
  readonly json: boolean;
  readonly matcher: MatcherKind;
  /** Stdout notes p0f prints after parsing (`[!] Consider specifying -u …`). */
  readonly notes: readonly string[];
}

export const DEFAULTS = {
  apiMaxClients: 20,
  ...DEFAULT_TRACKER_LIMITS,
} as const;

export type FlagParseResult =
  | { readonly kind: 'run'; readonly options: P0fOptions }
  /** `-L`: list interfaces and exit (p0f acts on it as soon as getopt reaches it). */
  | { readonly kind: 'list-interfaces' }
  | { readonly kind: 'help' }
  /** glibc getopt complaint: print `<message>` then the usage text, exit 1. */
  | { readonly kind: 'usage'; readonly message: string }
  /** p0f FATAL(): `[-] PROGRAM ABORT : <message>`, exit 1. */
  | { readonly kind: 'fatal'; readonly message: string; readonly location: ErrorLocation };

const WITH_ARGUMENT = new Set(['S', 'f', 'i', 'm', 'o', 'r', 's', 't', 'u']);
const WITHOUT_ARGUMENT = new Set(['L', 'd', 'p', 'h']);

function at(line: number, func = 'main', file = 'p0f.c'): ErrorLocation {
  return { func, file, line };
}

/** C `atol`: leading blanks, optional sign, digits; anything else stops (→ 0). */
function atol(text: string): number {
  const m = /^[\s]*([+-]?)(\d*)/.exec(text);
  if (!m || m[2] === '') return 0;
  const v = Number(m[2]);
  return m[1] === '-' ? -v : v;
}

/** One sscanf `%u` conversion: blanks, optional sign, digits, wrapped to 32 bits like strtoul + cast. */
function scanUnsigned(text: string, pos: number): { value: number; next: number } | null {
  const m = /^\s*([+-]?)(\d+)/.exec(text.slice(pos));
  if (!m) return null;
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  const value = Number(BigInt.asUintN(32, v));
  return { value, next: pos + m[0].length };
}

/** `sscanf(arg, "%u,%u", &a, &b) == 2`; trailing text is ignored, as in p0f. */
export function scanPair(text: string): [number, number] | null {
  const a = scanUnsigned(text, 0);
  if (!a || text[a.next] !== ',') return null;
  const b = scanUnsigned(text, a.next + 1);
  return b ? [a.value, b.value] : null;
}

type MutableOptions = { -readonly [K in keyof P0fOptions]: P0fOptions[K] };

export function parseP0fFlags(argv: readonly string[]): FlagParseResult {
  const o: MutableOptions = {
    fpPath: null,
    iface: null,
    readFile: null,
    logFile: null,
    apiSocket: null,
    user: null,
    daemon: false,
    promiscuous: false,
    ...DEFAULTS,
    filter: null,
    compat: false,
    json: false,
    matcher: 'compiled',
    notes: [],
  };
  const fatal = (message: string, line: number): FlagParseResult => ({ kind: 'fatal', message, location: at(line) });

  let i = 0;
  const rest: string[] = [];
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const takesValue = name === 'compat' || name === 'matcher';
      let value: string | null = eq >= 0 ? arg.slice(eq + 1) : null;
      if (takesValue && value === null) {
        if (i + 1 >= argv.length) return { kind: 'usage', message: `p0f-ts: option '--${name}' requires an argument` };
        value = argv[++i];
      }
      if (name === 'help') return { kind: 'help' };
      if (name === 'json' && value === null) o.json = true;
      else if (name === 'compat') {
        if (value !== '3.09b') return { kind: 'usage', message: `p0f-ts: --compat only knows '3.09b' (got '${value}')` };
        o.compat = true;
      } else if (name === 'matcher') {
        if (value !== 'compiled' && value !== 'interpreted') {
          return { kind: 'usage', message: `p0f-ts: --matcher must be 'compiled' or 'interpreted' (got '${value}')` };
        }
        o.matcher = value;
      } else return { kind: 'usage', message: `p0f-ts: unrecognized option '${arg}'` };
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') break; // '+' in the getopt string: stop at the first non-option
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j];
      if (WITHOUT_ARGUMENT.has(c)) {
        if (c === 'h') return { kind: 'help' };
        if (c === 'L') return { kind: 'list-interfaces' };
        if (c === 'd') {
          if (o.daemon) return fatal('Double werewolf mode not supported yet.', 1061);
          o.daemon = true;
        } else if (c === 'p') {
          if (o.promiscuous) return fatal('Even more promiscuous? People will start talking!', 1107);
          o.promiscuous = true;
        }
        continue;
      }
      if (!WITH_ARGUMENT.has(c)) return { kind: 'usage', message: `p0f-ts: invalid option -- '${c}'` };
      let value: string;
      if (j + 1 < arg.length) value = arg.slice(j + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else return { kind: 'usage', message: `p0f-ts: option requires an argument -- '${c}'` };
      const r = applyValueOption(o, c, value);
      if (r) return r;
      break;
    }
  }
  for (; i < argv.length; i++) rest.push(argv[i]);
  if (rest.length > 1) return fatal('Filter rule must be a single parameter (use quotes).', 1166);
  o.filter = rest.length === 1 ? rest[0] : null;

  if (o.readFile !== null && o.apiSocket !== null) return fatal('API mode looks down on ofline captures.', 1171);
  if (o.apiSocket === null && o.apiMaxClients !== DEFAULTS.apiMaxClients) return fatal('Option -S makes sense only with -s.', 1174);
  if (o.daemon) {
    if (o.readFile !== null) return fatal("Daemon mode and offline captures don't mix.", 1179);
    if (o.logFile === null && o.apiSocket === null) return fatal('Daemon mode requires -o or -s.', 1182);
    if (o.user === null) o.notes = ['[!] Consider specifying -u in daemon mode (see README).\n'];
  }
  return { kind: 'run', options: o };
}

function applyValueOption(o: MutableOptions, c: string, value: string): FlagParseResult | null {
  const fatal = (message: string, line: number): FlagParseResult => ({ kind: 'fatal', message, location: at(line) });
  switch (c) {
    case 'S': {
      // p0f detects a repeat only when the earlier value differs from the default.
      if (o.apiMaxClients !== DEFAULTS.apiMaxClients) return fatal('Multiple -S options not supported.', 1046);
      const n = atol(value);
      if (n < 1 || n > 100) return fatal('Outlandish value specified for -S.', 1051);
      o.apiMaxClients = n;
      return null;
    }
    case 'f':
      if (o.fpPath !== null) return fatal('Multiple -f options not supported.', 1069);
      o.fpPath = value;
      return null;
    case 'i':
      if (o.iface !== null) return fatal("Multiple -i options not supported (try '-i any').", 1077);
      o.iface = value;
      return null;
    case 'm': {
      if (o.maxConnections !== DEFAULTS.maxConnections || o.maxHosts !== DEFAULTS.maxHosts) {
        return fatal('Multiple -m options not supported.', 1086);
      }
      const pair = scanPair(value);
      if (!pair || pair[0] === 0 || pair[0] > MAX.maxConnections || pair[1] === 0 || pair[1] > MAX.maxHosts) {
        return fatal('Outlandish value specified for -m.', 1091);
      }
      [o.maxConnections, o.maxHosts] = pair;
      return null;
    }
    case 'o':
      if (o.logFile !== null) return fatal('Multiple -o options not supported.', 1098);
      o.logFile = value;
      return null;
    case 'r':
      if (o.readFile !== null) return fatal('Multiple -r options not supported.', 1115);
      o.readFile = value;
      return null;
    case 's':
      if (o.apiSocket !== null) return fatal('Multiple -s options not supported.', 1130);
      o.apiSocket = value;
      return null;
    case 't': {
      if (o.connectionMaxAgeSeconds !== DEFAULTS.connectionMaxAgeSeconds || o.hostIdleLimitMinutes !== DEFAULTS.hostIdleLimitMinutes) {
        return fatal('Multiple -t options not supported.', 1141);
      }
      const pair = scanPair(value);
      if (!pair || pair[0] === 0 || pair[0] > MAX.connectionMaxAgeSeconds || pair[1] === 0 || pair[1] > MAX.hostIdleLimitMinutes) {
        return fatal('Outlandish value specified for -t.', 1146);
      }
      [o.connectionMaxAgeSeconds, o.hostIdleLimitMinutes] = pair;
      return null;
    }
    case 'u':
      if (o.user !== null) return fatal('Split personality mode not supported.', 1153);
      o.user = value;
      return null;
    default:
      return { kind: 'usage', message: `p0f-ts: invalid option -- '${c}'` };
  }
}

/** The capture checks p0f makes later, in prepare_pcap(), after the database has loaded. */
export function checkCaptureOptions(o: P0fOptions): { message: string; location: ErrorLocation } | null {
  if (o.readFile === null) return null;
  if (o.promiscuous) return { message: 'Dude, how am I supposed to make a file promiscuous?', location: at(466, 'prepare_pcap') };
  if (o.iface !== null) return { message: 'Options -i and -r are mutually exclusive.', location: at(469, 'prepare_pcap') };
  return null;
}

/** p0f's usage text (byte-exact apart from the program name), followed by p0f-ts's additions. */
export function usageText(defaultFp: string): string {
  return `Usage: p0f [ ...options... ] [ 'filter rule' ]

Network interface options:

  -i iface  - listen on the specified network interface
  -r file   - read offline pcap data from a given file
  -p        - put the listening interface in promiscuous mode
  -L        - list all available interfaces

Operating mode and output settings:

  -f file   - read fingerprint database from 'file' (${defaultFp})
  -o file   - write information to the specified log file
  -s name   - answer to API queries at a named unix socket
  -u user   - switch to the specified unprivileged account and chroot
  -d        - fork into background (requires -o or -s)

Performance-related options:

  -S limit  - limit number of parallel API connections (20)
  -t c,h    - set connection / host cache age limits (30s,120m)
  -m c,h    - cap the number of active connections / hosts (1000,10000)

Optional filter expressions (man tcpdump) can be specified in the command
line to prevent p0f from looking at incidental network traffic.

Problems? You can reach the author at <lcamtuf@coredump.cx>.
`;
}

export const P0F_TS_USAGE = `
p0f-ts additions (before any filter expression):

  --compat 3.09b          - reproduce p0f 3.09b's packet-handling bugs exactly
  --json                  - print events as NDJSON (schema p0f-ts/1) instead of text blocks
  --matcher compiled|interpreted - TCP/HTTP matcher implementation (default: compiled)
  -h, --help              - this text

Subcommands: p0f-ts lint|compile|fmt|diff|fuzz|explain|bench|sample ... (p0f-ts <cmd> --help)
`;
