/**
 * p0f's `-m c,h` and `-t c,h`: the defaults (the connection tracker's own) and the largest
 * values p0f accepts (the smallest is 1). Here so that the command line and the library
 * share them without either importing the other.
 */
import { DEFAULT_TRACKER_LIMITS, type TrackerLimits } from '../state/connection-tracker.js';

export { DEFAULT_TRACKER_LIMITS, type TrackerLimits };

/** p0f's "Outlandish value" bounds: `-m 100000,500000`, `-t 1000000,1000000`. */
export const MAX_TRACKER_LIMITS: TrackerLimits = {
  maxConnections: 100000,
  maxHosts: 500000,
  connectionMaxAgeSeconds: 1000000,
  hostIdleLimitMinutes: 1000000,
};
