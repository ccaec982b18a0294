/**
 * The validated signature database as the matchers consume it: plain data, produced by
 * compiler/model from the AST (or by generated/ modules), never by the runtime itself.
 */
import type { MtuSignature, TcpSignature } from '../fingerprint/tcp-types.js';
import type { HttpSignature, UaOsEntry } from '../fingerprint/http-types.js';

export interface SignatureDatabase {
  /** Where it came from, for headers and status lines. */
  readonly source: { readonly file: string; readonly sha256: string };
  /** Every accepted `sig` line (mtu + tcp + http), as p0f counts them. */
  readonly signatureCount: number;
  /** `classes` in declaration order; index = class id. */
  readonly classes: readonly string[];
  /** Interned OS/application names; index = name id; first spelling wins. */
  readonly names: readonly string[];
  readonly tcpRequest: readonly TcpSignature[];
  readonly tcpResponse: readonly TcpSignature[];
  readonly mtu: readonly MtuSignature[];
  readonly httpRequest: readonly HttpSignature[];
  readonly httpResponse: readonly HttpSignature[];
  readonly uaOs: readonly UaOsEntry[];
}
