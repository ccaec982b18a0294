/**
 * Word offsets of one flow in the flow table's arena (an Int32Array, FLOW_STRIDE words
 * per flow). The lookup key (version, both addresses, both ports) is stored inline so a
 * lookup never has to visit the host records.
 */

export const FLOW_STRIDE = 32;

// Words 0 and 1 are the age-list links (slot-arena.ts).
/** Host-table slots of the two ends. */
export const F_CLIENT = 2;
export const F_SERVER = 3;
export const F_CLI_PORT = 4;
export const F_SRV_PORT = 5;
export const F_FLAGS = 6;
export const F_CLI_TPS = 7;
export const F_SRV_TPS = 8;
export const F_SYN_MSS = 9;
export const F_NEXT_CLI_SEQ = 10;
export const F_NEXT_SRV_SEQ = 11;
export const F_CREATED = 12;
export const F_REQUEST_LENGTH = 13;
export const F_RESPONSE_LENGTH = 14;
export const F_VERSION = 15;
/** Client address chunks c0..c5, then server chunks s0..s5. */
export const F_CLI_ADDR = 16;
export const F_SRV_ADDR = 22;

// F_FLAGS bits.
export const FF_ACKED = 1;
export const FF_SENDSYN = 2;
