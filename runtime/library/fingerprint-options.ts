/**
 * The options a capture or packet stream is fingerprinted with: p0f's `-m`, `-t`, filter
 * rule and `--compat 3.09b`, with p0f's defaults and p0f's accepted ranges.
 */
import { DEFAULT_TRACKER_LIMITS as DEFAULTS, MAX_TRACKER_LIMITS as MAX } from '../process/limits.js';

export interface FingerprintOptions {
  /** Reproduce p0f 3.09b exactly, packet-handling bugs included (`--compat 3.09b`). Default false. */
  readonly compat?: boolean;
  /** A tcpdump expression, ANDed with p0f's own TCP filter (p0f's `'filter rule'`). */
  readonly filter?: string | null;
  /**
   * Run p0f's BPF filter (default true; compiling it needs the native libpcap helper).
   * false hands every frame to the decoder, for frames already filtered upstream.
   */
  readonly captureFilter?: boolean;
  /** `-m c,h`: connections tracked at once (1000; 1..100000). */
  readonly maxConnections?: number;
  /** `-m c,h`: hosts tracked at once (10000; 1..500000). */
  readonly maxHosts?: number;
  /** `-t c,h`: seconds before an idle connection is dropped (30; 1..1000000). */
  readonly connectionMaxAgeSeconds?: number;
  /** `-t c,h`: minutes before an idle host is forgotten (120; 1..1000000). */
  readonly hostIdleLimitMinutes?: number;
}

export interface ResolvedFingerprintOptions {
  readonly compat: boolean;
  readonly filter: string | null;
  readonly captureFilter: boolean;
  readonly maxConnections: number;
  readonly maxHosts: number;
  readonly connectionMaxAgeSeconds: number;
  readonly hostIdleLimitMinutes: number;
}

/** An option outside what p0f accepts. */
export interface OptionError {
  readonly kind: 'option-error';
  readonly option: keyof FingerprintOptions;
  readonly message: string;
}

function inRange(
  option: 'maxConnections' | 'maxHosts' | 'connectionMaxAgeSeconds' | 'hostIdleLimitMinutes',
  value: number | undefined,
  fallback: number,
  max: number,
  flag: string,
): number | OptionError {
  if (value === undefined) return fallback;
  if (Number.isInteger(value) && value >= 1 && value <= max) return value;
  return { kind: 'option-error', option, message: `${option} must be an integer from 1 to ${max} (p0f's ${flag} range), got ${value}` };
}

export function resolveFingerprintOptions(options: FingerprintOptions): ResolvedFingerprintOptions | OptionError {
  const maxConnections = inRange('maxConnections', options.maxConnections, DEFAULTS.maxConnections, MAX.maxConnections, '-m');
  if (typeof maxConnections !== 'number') return maxConnections;
  const maxHosts = inRange('maxHosts', options.maxHosts, DEFAULTS.maxHosts, MAX.maxHosts, '-m');
  if (typeof maxHosts !== 'number') return maxHosts;
  const connectionMaxAgeSeconds = inRange('connectionMaxAgeSeconds', options.connectionMaxAgeSeconds, DEFAULTS.connectionMaxAgeSeconds, MAX.connectionMaxAgeSeconds, '-t');
  if (typeof connectionMaxAgeSeconds !== 'number') return connectionMaxAgeSeconds;
  const hostIdleLimitMinutes = inRange('hostIdleLimitMinutes', options.hostIdleLimitMinutes, DEFAULTS.hostIdleLimitMinutes, MAX.hostIdleLimitMinutes, '-t');
  if (typeof hostIdleLimitMinutes !== 'number') return hostIdleLimitMinutes;
  return {
    compat: options.compat ?? false,
    filter: options.filter ?? null,
    captureFilter: options.captureFilter ?? true,
    maxConnections,
    maxHosts,
    connectionMaxAgeSeconds,
    hostIdleLimitMinutes,
  };
}
