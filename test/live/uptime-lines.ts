/**
 * Comparing the `mod=uptime` log lines of two programs capturing the same live traffic.
 *
 * p0f measures a clock as d TCP-timestamp ticks over m milliseconds of capture time, where
 * m is the difference of two packets' `recv_ms` (seconds * 1000 + floor(usec / 1000), spec
 * §3.6 and §8.5), and prints `raw_freq` = d * 1000 / m with two decimals. Two capture
 * handles do not share a timestamp: a locally sent TCP packet keeps TCP's monotonic
 * departure time in skb->tstamp, which af_packet's tpacket_get_timestamp() ignores
 * (skb_tstamp() is 0 for delivery times), so every socket's copy is stamped on its own
 * with the realtime clock as it is queued (measured on `lo`: two tcpdumps disagree on 2
 * packets in 3, by 0.1 to 0.9 µs, even with SO_TIMESTAMP on). So when a millisecond
 * boundary falls between the two stamps of the same packet, the two programs see
 * intervals 1 ms apart and print different `raw_freq` values for the same d. With the
 * test's 250 ms spacing that shifts the rate by about 4 Hz, too little to change the
 * snapped clock (1000 Hz on Linux), so `uptime=` and the API's uptime fields still agree.
 */

/** The `raw_freq` value in Hz, or null for a line without one. */
export function rawFreqHz(line: string): number | null {
  const match = /\|raw_freq=(-?\d+\.\d\d) Hz(\||$)/.exec(line);
  return match ? Number(match[1]) : null;
}

/** The line with its `raw_freq` value blanked (everything else must agree exactly). */
export function withoutRawFreq(line: string): string {
  return line.replace(/\|raw_freq=[^|]*/, '|raw_freq=*');
}

export interface AdjacentIntervals {
  /** Capture interval seen by the first program, in ms. */
  readonly intervalMs: number;
  /** TCP timestamp ticks between the two packets (the same for both programs). */
  readonly ticks: number;
  /** The second program's interval minus the first's. */
  readonly shiftMs: number;
}

/** |printed - exact| when `printed` is `exact` printed with two decimals. */
function printedAs(exact: number, printed: number): boolean {
  return Math.abs(exact - printed) <= 0.005 + 1e-9;
}

/**
 * The measurement that explains two different `raw_freq` values as the same tick count
 * over capture intervals that differ by one or two milliseconds (one boundary split at
 * either packet, or both), with the interval between p0f's 25 ms minimum and
 * `maxIntervalMs`; null when no such measurement exists.
 */
export function sameTicksOverAdjacentIntervals(first: number, second: number, maxIntervalMs: number): AdjacentIntervals | null {
  for (let intervalMs = 25; intervalMs <= maxIntervalMs; intervalMs++) {
    const ticks = Math.round((first * intervalMs) / 1000);
    if (ticks < 5 || !printedAs((ticks * 1000) / intervalMs, first)) continue;
    for (const shiftMs of [-2, -1, 1, 2]) {
      const other = intervalMs + shiftMs;
      if (other >= 25 && printedAs((ticks * 1000) / other, second)) return { intervalMs, ticks, shiftMs };
    }
  }
  return null;
}
