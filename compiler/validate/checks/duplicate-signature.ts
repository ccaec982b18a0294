/**
 * duplicate-signature: the same signature listed twice (exactly, or differing only in
 * spelling that p0f ignores: `?2` vs `mss`, `64+0` vs `64`, the IP version field when no
 * version-specific quirk is involved, an HTTP signature's expected-software string), and
 * MTU values listed twice (the later one is never used).
 */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { LoaderRun, RegisteredSignature } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';
import { QUIRK_BIT, type TcpSignature } from '../../../runtime/fingerprint/tcp-types.js';
import type { HttpSignature } from '../../../runtime/fingerprint/http-types.js';
import { printWindow } from '../../../grammar/print-fp.js';

const VERSION_SPECIFIC = QUIRK_BIT.df | QUIRK_BIT['id+'] | QUIRK_BIT['id-'] | QUIRK_BIT['0+'] | QUIRK_BIT.flow;

/** What p0f matches on, without the fields it ignores. */
function tcpKey(s: TcpSignature, withVersion: boolean): string {
  return [s.direction, withVersion ? String(s.ipVersion) : '', s.ttl, s.badTtl, s.ipOptionLength, s.mss, printWindow(s.window),
    s.windowScale, s.layout.join('.'), s.eolPad, s.quirks, s.payloadClass].join('|');
}

function httpKey(s: HttpSignature): string {
  return [s.direction, s.version, JSON.stringify(s.headers), s.absent.join(',')].join('|');
}

export function checkDuplicateSignature(_ast: FpFile, run: LoaderRun): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, RegisteredSignature>();
  for (const s of run.signatures) {
    const keys: [string, string][] = [];
    if (s.kind === 'mtu') keys.push([`mtu|${s.sig.mtu}`, `MTU ${s.sig.mtu} is already listed`]);
    else if (s.kind === 'tcp') {
      keys.push([tcpKey(s.sig, true), 'the same TCP signature is already listed']);
      if ((s.sig.quirks & VERSION_SPECIFIC) === 0) keys.push([tcpKey(s.sig, false), 'a TCP signature differing only in the IP version field (which p0f does not compare) is already listed']);
    } else {
      keys.push([httpKey(s.sig), s.sig.expectedSoftware === null ? 'the same HTTP signature is already listed' : 'an HTTP signature differing at most in the expected software (which matching ignores) is already listed']);
    }
    let reported = false;
    for (const [key, what] of keys) {
      const first = seen.get(key);
      if (first !== undefined && !reported) {
        reported = true;
        const where = first.label === s.label ? 'under the same label' : `under label in line ${first.label.node.span.line}`;
        out.push(lintDiagnostic('duplicate-signature', s.node.span, `duplicate signature: ${what} in line ${first.node.span.line} (${where})`,
          [{ span: first.node.span, message: 'first listed here', role: 'note' }]));
      }
      if (first === undefined) seen.set(key, s);
    }
  }
  return out;
}
