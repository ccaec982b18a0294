/**
 * Builds the compiled TCP/MTU decision tables from a validated database. Pure and
 * cheap (no ts-morph), so the runtime can also call it for `-f other.fp`.
 */
import type { MtuSignature, TcpSignature, WindowSize } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import {
  STRIP_FOR_V4,
  STRIP_FOR_V6,
  TCP_ROW,
  TCP_ROW_WIDTH,
  TCP_TABLES_FORMAT_VERSION,
  WINDOW_KIND,
  type MtuTable,
  type TcpDirectionTable,
  type TcpLayoutGroup,
  type TcpTables,
  type WindowKindCode,
} from '../../runtime/match/tables.js';

export function buildTcpTables(db: SignatureDatabase): TcpTables {
  return {
    formatVersion: TCP_TABLES_FORMAT_VERSION,
    sourceSha256: db.source.sha256,
    request: buildDirectionTable(db.tcpRequest),
    response: buildDirectionTable(db.tcpResponse),
    mtu: buildMtuTable(db.mtu),
  };
}

function buildDirectionTable(signatures: readonly TcpSignature[]): TcpDirectionTable {
  const groups = new Map<string, { layout: number[]; rows: number[][] }>();
  signatures.forEach((sig, index) => {
    const key = sig.layout.join(',');
    let group = groups.get(key);
    if (group === undefined) {
      group = { layout: [...sig.layout], rows: [] };
      groups.set(key, group);
    }
    group.rows.push(buildRow(sig, index));
  });
  const list: TcpLayoutGroup[] = [...groups.values()];
  return { signatureCount: signatures.length, groups: list };
}

export function buildRow(sig: TcpSignature, index: number): number[] {
  const row = new Array<number>(TCP_ROW_WIDTH).fill(0);
  const any = sig.ipVersion === 'any';
  row[TCP_ROW.signature] = index;
  row[TCP_ROW.quirksV4] = any ? sig.quirks & ~STRIP_FOR_V4 : sig.quirks;
  row[TCP_ROW.quirksV6] = any ? sig.quirks & ~STRIP_FOR_V6 : sig.quirks;
  row[TCP_ROW.ttl] = sig.ttl;
  row[TCP_ROW.badTtl] = sig.badTtl ? 1 : 0;
  row[TCP_ROW.ipOptionLength] = sig.ipOptionLength;
  row[TCP_ROW.eolPad] = sig.eolPad;
  row[TCP_ROW.mss] = sig.mss;
  row[TCP_ROW.windowScale] = sig.windowScale;
  row[TCP_ROW.payloadClass] = sig.payloadClass;
  row[TCP_ROW.windowKind] = windowKind(sig.window);
  row[TCP_ROW.windowValue] = windowValue(sig.window);
  row[TCP_ROW.generic] = sig.generic ? 1 : 0;
  row[TCP_ROW.userland] = sig.classId === -1 ? 1 : 0;
  return row;
}

function windowKind(w: WindowSize): WindowKindCode {
  return WINDOW_KIND[w.kind];
}

function windowValue(w: WindowSize): number {
  switch (w.kind) {
    case 'any':
      return 0;
    case 'value':
      return w.value;
    case 'mod':
      return w.divisor;
    case 'mss':
    case 'mtu':
      return w.multiplier;
  }
}

function buildMtuTable(signatures: readonly MtuSignature[]): MtuTable {
  const first = new Map<number, string>();
  for (const sig of signatures) if (!first.has(sig.mtu)) first.set(sig.mtu, sig.label);
  return { entries: [...first.entries()].sort((a, b) => a[0] - b[0]) };
}
