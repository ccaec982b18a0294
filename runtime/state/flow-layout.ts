/**
 * Word offsets of one flow in the flow table's arena (an Int32Array, FLOW_STRIDE words
 * per flow). The lookup key (version, both addresses, both ports) is stored inline so a
 * lookup never has to visit the host records.
 */

export const FLOW_STRIDE = 32;

export const F_OLDER = 1;
export const F_NEWER = 2;
/** Host-table slots of the two ends. */
export const F_CLIENT = 3;
export const F_SERVER = 4;
export const F_CLI_PORT = 5;
export const F_SRV_PORT = 6;
export const F_FLAGS = 7;
export const F_CLI_TPS = 8;
export const F_SRV_TPS = 9;
export const F_SYN_MSS = 10;
export const F_NEXT_CLI_SEQ = 11;
export const F_NEXT_SRV_SEQ = 12;
export const F_CREATED = 13;
export const F_REQUEST_LENGTH = 14;
export const F_RESPONSE_LENGTH = 15;
export const F_VERSION = 16;
/** Client address chunks c0..c5, then server chunks s0..s5. */
export const F_CLI_ADDR = 17;
export const F_SRV_ADDR = 23;

// F_FLAGS bits.
export const FF_ACKED = 1;
export const FF_SENDSYN = 2;
