/**
 * Plain-data HTTP matching tables (built by compiler/tables/build-http-tables.ts or
 * printed into generated/http-matchers.generated.ts). Signature i of a direction's
 * table is signature i of the database's list for that direction.
 */
import type { HttpHeaderView } from './http-header-view.js';

/** Generated header-order checks of one direction: `index` is the signature's position in the list. */
export type HttpHeaderOrderCheck = (index: number, headers: HttpHeaderView) => boolean;

export interface HttpSignatureTable {
  /** p0f.fp line, to check the table belongs to the database it is used with. */
  readonly line: number;
  /** -1 = any. */
  readonly version: -1 | 0 | 1;
  readonly generic: boolean;
  /** The horder entries as name ids, in order. */
  readonly headerIds: readonly number[];
  readonly optional: readonly boolean[];
  readonly values: readonly (string | null)[];
  /** Mandatory header name ids as a bitmask (`maskWords` 32-bit words). */
  readonly requiredMask: readonly number[];
  /** `habsent` name ids as a bitmask. */
  readonly absentMask: readonly number[];
}

export interface HttpDirectionTable {
  readonly signatures: readonly HttpSignatureTable[];
  /** Optional generated header-order check for every signature of the list. */
  readonly check?: HttpHeaderOrderCheck;
}

export interface HttpTables {
  /** Name id → header name (every name any signature mentions, case-sensitive). */
  readonly headerNames: readonly string[];
  readonly maskWords: number;
  readonly request: HttpDirectionTable;
  readonly response: HttpDirectionTable;
}
