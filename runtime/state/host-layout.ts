/**
 * Word offsets of one host in the host table's arena (an Int32Array, HOST_STRIDE words
 * per host). Kept in one place so the table, the record view and the stored-signature
 * view agree. Ordered by how often a field is touched: everything a SYN from a new host
 * writes fits the first 64-byte line, its stored SYN the second; the SYN+ACK block and
 * the rarely set fields follow, so a flood of new hosts touches two lines per host.
 */

export const HOST_STRIDE = 64;

// Words 0 and 1 are the age-list links (slot-arena.ts).
/** HF_* bits, including the IP version. */
export const H_FLAGS = 2;
/** Address chunks a0, a1 (IPv4 needs no more); a2..a5 of IPv6 are at H_ADDR_HIGH. */
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

/** Start of the stored SYN (`last_syn`) and SYN+ACK (`last_synack`) blocks. */
export const H_SYN = 16;
export const H_SYNACK = 32;

/** Address chunks a2..a5, written for IPv6 hosts only. */
export const H_ADDR_HIGH = 48;
// Valid only with HF_RARE set; a host without it reads the §7.3 defaults (0, 0, -1, 0).
export const H_LAST_NAT = 52;
export const H_LAST_CHANGE = 53;
export const H_UPTIME_MINUTES = 54;
export const H_UP_MOD_DAYS = 55;

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
