/** HTTP fingerprint domain types shared by the loader model, the matchers and the packet side. */
import type { SignatureLabel } from './tcp-types.js';

/** -1 = `*` (any), 0 = HTTP/1.0, 1 = HTTP/1.1. */
export type HttpVersionSpec = -1 | 0 | 1;

export interface HttpHeaderSpec {
  /** Case-sensitive, as written in the database. */
  readonly name: string;
  /** `?name`: may be missing. */
  readonly optional: boolean;
  /** `name=[value]`: the observed value must contain this substring. */
  readonly value: string | null;
}

export interface HttpSignature extends SignatureLabel {
  readonly direction: 'request' | 'response';
  readonly version: HttpVersionSpec;
  readonly headers: readonly HttpHeaderSpec[];
  readonly absent: readonly string[];
  /** Expected software (User-Agent / Server substring); leading and trailing blanks count. */
  readonly expectedSoftware: string | null;
}

/** One `ua_os` record, in file order. */
export interface UaOsEntry {
  readonly nameId: number;
  readonly match: string;
}
