/**
 * unreachable-signature: a TCP or HTTP signature that can never be the reported match,
 * either because no packet can match it at all, or because another signature matches
 * every packet it matches and wins (the first specific exact match wins; a specific one
 * beats any generic one; among generic ones the first wins).
 */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import type { FpFile } from '../../../grammar/ast.js';
import type { LoaderRun, RegisteredSignature } from '../loader-run.js';
import { lintDiagnostic } from '../../diagnostics/lint-diagnostic.js';
import { impossibleReason, tcpShadows } from '../tcp-shadow.js';
import { httpShadows } from '../http-shadow.js';

type Registered = Exclude<RegisteredSignature, { kind: 'mtu' }>;

function wins(r: Registered, s: Registered, rIndex: number, sIndex: number): boolean {
  if (!r.sig.generic) return rIndex < sIndex || s.sig.generic;
  return s.sig.generic && rIndex < sIndex;
}

function describe(r: Registered, run: LoaderRun): string {
  const name = r.sig.nameId >= 0 ? run.names[r.sig.nameId] : '?';
  return `${r.sig.generic ? 'g' : 's'}:${name}${r.sig.flavor === null ? '' : `:${r.sig.flavor}`}`;
}

export function checkUnreachableSignature(_ast: FpFile, run: LoaderRun): Diagnostic[] {
  const out: Diagnostic[] = [];
  const groups = new Map<string, Registered[]>();
  for (const s of run.signatures) {
    if (s.kind === 'mtu') continue;
    const key = `${s.kind}:${s.sig.direction}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(s);
  }
  for (const list of groups.values()) {
    list.forEach((s, si) => {
      if (s.kind === 'tcp') {
        const why = impossibleReason(s.sig);
        if (why !== null) {
          out.push(lintDiagnostic('unreachable-signature', s.value.span, `signature can never match: ${why}`));
          return;
        }
      }
      for (let ri = 0; ri < list.length; ri++) {
        const r = list[ri];
        if (ri === si || !wins(r, s, ri, si)) continue;
        const covered = s.kind === 'tcp' && r.kind === 'tcp' ? tcpShadows(r.sig, s.sig) : s.kind === 'http' && r.kind === 'http' ? httpShadows(r.sig, s.sig) : false;
        if (!covered) continue;
        // A later specific winner leaves this (generic) TCP signature the first fuzzy candidate.
        const fuzzyLeft = s.kind === 'tcp' && ri > si;
        out.push(lintDiagnostic('unreachable-signature', s.value.span,
          fuzzyLeft
            ? `signature is never the exact match: every packet it matches exactly also matches line ${r.node.span.line} (${describe(r, run)}), which wins (it can still be a fuzzy match)`
            : `signature is never reported: every packet it matches is matched first by line ${r.node.span.line} (${describe(r, run)})`,
          [{ span: r.node.span, message: `this ${r.sig.generic ? 'earlier generic' : 'specific'} signature wins`, role: 'note' }]));
        return;
      }
    });
  }
  return out;
}
