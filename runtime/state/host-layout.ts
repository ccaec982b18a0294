/**
 * Word offsets of one host in the host table's arena (an Int32Array, HOST_STRIDE words
 * per host). Kept in one place so the table, the record view and the stored-signature
 * view agree. The hot fields of a SYN flood (links, key, times, counts) share the first
 * 64-byte line; the two stored signatures follow in their own lines.
 */

export const HOST_STRIDE = 64;

// Words 0 and 1 are the age-list links (slot-arena.ts).
export const H_VERSION = 2;
/** Address chunks a0..a5 at H_ADDR + i. */
export const H_ADDR = 3;
export const H_FIRST_SEEN = 9;
export const H_LAST_SEEN = 10;
export const H_TOTAL_CONNECTIONS = 11;
export const H_FLAGS = 12;
export const H_CLASS = 13;
export const H_NAME = 14;
/** Interned string id, -1 = none. */
export const H_FLAVOR = 15;
export const H_QUALITY = 16;
/** Interned string id, -1 = none. */
export const H_LINK = 17;
export const H_NAT_REASONS = 18;
export const H_LAST_NAT = 19;
export const H_LAST_CHANGE = 20;
export const H_LAST_PORT = 21;
export const H_DISTANCE = 22;
export const H_UPTIME_MINUTES = 23;
export const H_UP_MOD_DAYS = 24;

/** Start of the stored SYN (`last_syn`) and SYN+ACK (`last_synack`) blocks. */
export const H_SYN = 32;
export const H_SYNACK = 48;

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
export const HF_SYN = 1;
export const HF_SYNACK = 2;

/** "No slot" in links and lookups. */
export const NO_SLOT = -1;
