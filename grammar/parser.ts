/** Value parsers for the list-like statement values (interim: direct scanners). */
import type { Spanned } from './span.js';
import type { SignatureLabelValue, SysEntryNode, UaOsEntryNode } from './ast.js';
import type { ScanResult, SpanFactory } from './value-scan.js';
import { scanClasses, scanSignatureLabel, scanSys, scanUaOs } from './scan-list-values.js';

export interface ValueKinds {
  classes: Spanned<string>[];
  label: SignatureLabelValue;
  sys: SysEntryNode[];
  ua_os: UaOsEntryNode[];
}

export function parseValue<K extends keyof ValueKinds>(kind: K, v: string, sp: SpanFactory): ScanResult<ValueKinds[K]> {
  switch (kind) {
    case 'classes': return scanClasses(v, sp) as ScanResult<ValueKinds[K]>;
    case 'label': return scanSignatureLabel(v, sp) as ScanResult<ValueKinds[K]>;
    case 'sys': return scanSys(v, sp) as ScanResult<ValueKinds[K]>;
    default: return scanUaOs(v, sp) as ScanResult<ValueKinds[K]>;
  }
}
