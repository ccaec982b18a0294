/**
 * Word offsets of one host in the host table's arena (an Int32Array, HOST_STRIDE words
 * per host). Kept in one place so the table, the record view and the stored-signature
 * view agree. Ordered by how often a field is touched: everything a SYN from a new host
 * writes fits the first 64-byte line, its stored SYN the second. The SYN+ACK block, the
 * high half of IPv6 addresses and the rarely set fields live in a second, "cold" arena
 * (COLD_STRIDE words per slot), whose pages a flood of new client hosts never touches.
 */

export const HOST_STRIDE = 32;

// Words 0 and 1 are the age-list links (slot-arena.ts).
/** HF_* bits, including the IP version. */
export const H_FLAGS = 2;
/** Address chunks a0, a1 (IPv4 needs no more); a2..a5 of IPv6 are at C_ADDR_HIGH (cold). */
export const H_ADDR = 3;
export const H_FIRST_SEEN = 5;
export const H_LAST_SEEN = 6;
export const H_TOTAL_CONNECTIONS = 7;
export const H_CLASS = 8;
export const H_NAME = 9;
/** Interned string id, -1 = none. */
export const H_FLAVOR = 10;
export const H_QUALITY = 11;
export const H_LAST_PORT = 12;
export const H_DISTANCE = 13;
/** Interned string id, -1 = none. */
export const H_LINK = 14;
export const H_NAT_REASONS = 15;

/** Start of the stored SYN (`last_syn`) block. */
export const H_SYN = 16;

// ---- cold arena ----
export const COLD_STRIDE = 32;
/** Start of the stored SYN+ACK (`last_synack`) block. */
export const C_SYNACK = 0;
/** Address chunks a2..a5, written for IPv6 hosts only. */
export const C_ADDR_HIGH = 16;
// Valid only with HF_RARE set; a host without it reads the §7.3 defaults (0, 0, -1, 0).
export const C_LAST_NAT = 20;
export const C_LAST_CHANGE = 21;
export const C_UPTIME_MINUTES = 22;
export const C_UP_MOD_DAYS = 23;

// Offsets inside a stored-signature block.
/** Interned signature id, -1 = matched nothing. */
export const S_SIG = 0;
/** bit0 fuzzy, bit1 generic. */
export const S_FLAGS = 1;
export const S_DISTANCE = 2;
export const S_TTL = 3;
export const S_MSS = 4;
export const S_QUIRKS = 5;
/** Option kinds packed four per word, six words. */
export const S_LAYOUT = 6;
export const S_LAYOUT_LENGTH = 12;
export const S_TS1 = 13;
/** Capture time split into whole seconds and the millisecond remainder (exact). */
export const S_RECEIVED_SECONDS = 14;
export const S_RECEIVED_MS = 15;

// H_FLAGS bits.
export const HF_IPV6 = 1;
export const HF_SYN = 2;
export const HF_SYNACK = 4;
export const HF_RARE = 8;

/** "No slot" in links and lookups. */
export const NO_SLOT = -1;
