/**
 * runLoader: p0f's loader state machine (A.3) over the AST, with class lookups (E5),
 * name interning (A.5) and duplicate detection (E50). It records every problem instead of
 * stopping at the first, recovering the way an author would expect, and keeps what it
 * registered so the model builder and the lints can reuse it.
 */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { Span } from '../../grammar/span.js';
import type {
  FpFile, HttpSigValue, LabelStatement, SigStatement, SignatureLabelValue, SysEntryNode, TcpSigValue,
} from '../../grammar/ast.js';
import { LOADER_ERRORS, formatP0fMessage, type LoaderErrorCode } from '../../grammar/loader-errors.js';
import type { Direction, MtuSignature, SysEntry, TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import { QUIRK_BIT } from '../../runtime/fingerprint/tcp-types.js';
import type { HttpSignature, UaOsEntry } from '../../runtime/fingerprint/http-types.js';
import { findCoveringTcp } from './tcp-covers.js';
import { findCoveringHttp } from './http-covers.js';

type State = 'need-sect' | 'need-label' | 'need-sys' | 'need-sig';

/** A `label` line as the loader saw it. */
export interface LabelRecord {
  readonly node: LabelStatement;
  /** null for [mtu] labels. */
  readonly value: SignatureLabelValue | null;
  readonly module: 'tcp' | 'http' | 'mtu' | null;
  readonly direction: Direction | null;
  /** Signatures registered under it. */
  signatureCount: number;
  /** Any sig lines (valid or not) under it. */
  sigLines: number;
}

export type RegisteredSignature =
  | { readonly kind: 'tcp'; readonly node: SigStatement; readonly value: TcpSigValue; readonly sig: TcpSignature; readonly label: LabelRecord }
  | { readonly kind: 'http'; readonly node: SigStatement; readonly value: HttpSigValue; readonly sig: HttpSignature; readonly label: LabelRecord }
  | { readonly kind: 'mtu'; readonly node: SigStatement; readonly sig: MtuSignature; readonly label: LabelRecord };

export interface ClassRecord {
  readonly name: string;
  readonly span: Span;
  used: boolean;
}

export interface LoaderRun {
  readonly diagnostics: Diagnostic[];
  readonly classes: ClassRecord[];
  readonly names: string[];
  /** Where each name id was first created. */
  readonly nameOrigins: { readonly span: Span; readonly via: 'label' | 'sys' | 'ua_os' }[];
  readonly labels: LabelRecord[];
  readonly signatures: RegisteredSignature[];
  readonly tcpRequest: TcpSignature[];
  readonly tcpResponse: TcpSignature[];
  readonly mtu: MtuSignature[];
  readonly httpRequest: HttpSignature[];
  readonly httpResponse: HttpSignature[];
  readonly uaOs: UaOsEntry[];
  /** sys entries that named an OS (not a class), with their resolved name id. */
  readonly sysNames: { readonly node: SysEntryNode; readonly nameId: number }[];
  signatureCount: number;
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

export function loaderError(code: LoaderErrorCode, span: Span, message: string, opts: { help?: string; arg?: string; arg2?: number; notes?: Diagnostic['labels'] } = {}): Diagnostic {
  return {
    code,
    severity: 'error',
    span,
    message,
    labels: [{ span, message: LOADER_ERRORS[code].title, role: 'primary' }, ...(opts.notes ?? [])],
    help: opts.help ?? LOADER_ERRORS[code].help,
    p0fMessage: formatP0fMessage(code, span.line, opts.arg, opts.arg2),
  };
}

export function runLoader(ast: FpFile): LoaderRun {
  const run: LoaderRun = {
    diagnostics: [], classes: [], names: [], nameOrigins: [], labels: [], signatures: [],
    tcpRequest: [], tcpResponse: [], mtu: [], httpRequest: [], httpResponse: [], uaOs: [], sysNames: [], signatureCount: 0,
  };
  const classIndex = new Map<string, number>();
  const nameIndex = new Map<string, number>();
  const diag = run.diagnostics;

  const intern = (name: string, span: Span, via: 'label' | 'sys' | 'ua_os'): number => {
    const key = asciiLower(name);
    const hit = nameIndex.get(key);
    if (hit !== undefined) return hit;
    const id = run.names.length;
    run.names.push(name);
    run.nameOrigins.push({ span, via });
    nameIndex.set(key, id);
    return id;
  };
  const lookupClass = (name: string): number | undefined => classIndex.get(asciiLower(name));

  let state: State = 'need-sect';
  let module: 'tcp' | 'http' | 'mtu' | null = null;
  let direction: Direction = 'request';
  let labelId = 0;
  /** The current label for sigs; null when it was invalid (its sigs are then not registered). */
  let current: { record: LabelRecord; generic: boolean; classId: number; nameId: number; flavor: string | null; labelId: number; mtuText: string | null } | null = null;
  let currentRecord: LabelRecord | null = null;
  let sys: SysEntry[] = [];

  for (const item of ast.items) {
    switch (item.kind) {
      case 'comment':
      case 'blank':
        break;
      case 'section':
        module = item.module.value;
        if (item.direction !== null) direction = item.direction.value;
        state = 'need-label';
        current = null;
        currentRecord = null;
        break;
      case 'unknown':
        if (item.opensSection === true) {
          module = null;
          state = 'need-label';
          current = null;
          currentRecord = null;
        }
        break;
      case 'classes':
        if (state !== 'need-sect') {
          diag.push(loaderError('E010', item.span, "misplaced 'classes': classes must be declared before the first section"));
          break;
        }
        if (Array.isArray(item.classes)) {
          for (const c of item.classes) {
            const key = asciiLower(c.value);
            if (!classIndex.has(key)) classIndex.set(key, run.classes.length);
            run.classes.push({ name: c.value, span: c.span, used: false });
          }
        }
        break;
      case 'ua_os':
        if (state !== 'need-label' || module !== 'http' || direction !== 'request') {
          diag.push(loaderError('E011', item.span, "misplaced 'ua_os': it is allowed only right after an [http:request] header, before the first label"));
          break;
        }
        if (Array.isArray(item.entries)) {
          for (const e of item.entries) {
            const name = e.name.value.slice(0, e.name.value.length % 256);
            const nameId = intern(name, e.name.span, 'ua_os');
            run.uaOs.push({ nameId, match: e.alias !== null ? e.alias.value : run.names[nameId] });
          }
        }
        break;
      case 'label': {
        if (state !== 'need-label' && state !== 'need-sig') {
          diag.push(loaderError('E012', item.span, state === 'need-sect'
            ? "misplaced 'label': a label must come after a section header"
            : "misplaced 'label': the previous application label needs its 'sys' line first", state === 'need-sys' ? { help: "add 'sys = …' (the systems the application runs on) after the application label" } : {}));
        }
        const value = item.value;
        const record: LabelRecord = {
          node: item, value: value.kind === 'signature-label' ? value : null, module,
          direction: module === 'mtu' || module === null ? null : direction, signatureCount: 0, sigLines: 0,
        };
        run.labels.push(record);
        currentRecord = record;
        if (value.kind === 'mtu-label') {
          current = { record, generic: false, classId: -1, nameId: -1, flavor: null, labelId: -1, mtuText: value.text };
          state = 'need-sig';
        } else if (value.kind === 'signature-label') {
          let classId = -1;
          let classOk = true;
          if (value.classToken.value !== '!') {
            const id = lookupClass(value.classToken.value);
            if (id === undefined) {
              classOk = false;
              diag.push(loaderError('E005', value.classToken.span, `unknown class '${value.classToken.value}'`, {
                arg: value.classToken.value,
                help: run.classes.length > 0 ? `declared classes: ${run.classes.map((c) => c.name).join(', ')}; use '!' for an application` : undefined,
              }));
            } else {
              classId = id;
              run.classes[id].used = true;
            }
          }
          const nm = value.name.value;
          const nameId = intern(nm.slice(0, nm.length % 256), value.name.span, 'label');
          labelId++;
          const isApp = value.classToken.value === '!';
          current = classOk
            ? { record, generic: value.type.value === 'g', classId, nameId, flavor: value.flavor?.value ?? null, labelId, mtuText: null }
            : null;
          state = isApp && module !== 'mtu' ? 'need-sys' : 'need-sig';
        } else {
          // Unreadable label: still open its scope so its sys/sig lines are not all misplaced.
          current = null;
          const cls = item.recoveredClass;
          if (cls !== undefined && cls.value !== '!') {
            const id = lookupClass(cls.value);
            if (id === undefined) diag.push(loaderError('E005', cls.span, `unknown class '${cls.value}'`, { arg: cls.value }));
            else run.classes[id].used = true;
          }
          state = cls?.value === '!' && module !== 'mtu' ? 'need-sys' : 'need-sig';
        }
        break;
      }
      case 'sys': {
        if (state !== 'need-sys') {
          diag.push(loaderError('E013', item.span, state === 'need-sig' && currentRecord?.value?.classToken.value === '!'
            ? "misplaced 'sys': an application label takes exactly one 'sys' line"
            : "misplaced 'sys': 'sys' belongs right after an application label ('!' class) in a tcp or http section"));
          break;
        }
        state = 'need-sig';
        if (!Array.isArray(item.entries)) break;
        const list: SysEntry[] = [];
        for (const e of item.entries) {
          if (e.isClass) {
            const id = lookupClass(e.name);
            if (id === undefined) {
              diag.push(loaderError('E005', e.span, `unknown class '${e.name}' in sys entry '@${e.name}'`, { arg: e.name }));
              continue;
            }
            run.classes[id].used = true;
            list.push({ kind: 'class', classId: id });
          } else {
            const nameId = intern(e.name, e.span, 'sys');
            run.sysNames.push({ node: e, nameId });
            list.push({ kind: 'name', nameId });
          }
        }
        sys = list;
        break;
      }
      case 'sig': {
        if (state !== 'need-sig') {
          const why = state === 'need-sys'
            ? "misplaced 'sig': the application label needs a 'sys' line before its signatures"
            : state === 'need-label' ? "misplaced 'sig': no label yet in this section" : "misplaced 'sig': signatures must follow a section header and a label";
          diag.push(loaderError('E014', item.span, why));
          // Report once per label, not once per signature.
          state = 'need-sig';
          if (currentRecord === null) current = null;
        }
        if (currentRecord !== null) currentRecord.sigLines++;
        const value = item.value;
        if (value.kind === 'invalid' || current === null) break;
        const line = item.span.line;
        const label = current.record;
        if (value.kind === 'mtu-sig') {
          if (current.mtuText === null) break;
          const sig: MtuSignature = { mtu: value.mtu, label: current.mtuText, line };
          run.mtu.push(sig);
          run.signatures.push({ kind: 'mtu', node: item, sig, label });
        } else if (value.kind === 'tcp-sig') {
          if (current.mtuText !== null) break;
          const sig = buildTcp(value, current, sys, direction, line);
          const list = direction === 'request' ? run.tcpRequest : run.tcpResponse;
          const cover = findCoveringTcp(sig, list);
          if (cover !== null) {
            diag.push(coveredError(item, cover.line, run));
            break;
          }
          list.push(sig);
          run.signatures.push({ kind: 'tcp', node: item, value, sig, label });
        } else {
          if (current.mtuText !== null) break;
          const sig = buildHttp(value, current, sys, direction, line);
          const list = direction === 'request' ? run.httpRequest : run.httpResponse;
          const cover = findCoveringHttp(sig, list);
          if (cover !== null) {
            diag.push(coveredError(item, cover.line, run));
            break;
          }
          list.push(sig);
          run.signatures.push({ kind: 'http', node: item, value, sig, label });
        }
        label.signatureCount++;
        run.signatureCount++;
        break;
      }
    }
  }
  return run;
}

function coveredError(item: SigStatement, coverLine: number, run: LoaderRun): Diagnostic {
  const winner = run.signatures.find((s) => s.node.span.line === coverLine);
  const notes = winner === undefined ? [] : [{ span: winner.node.span, message: 'this earlier specific signature already matches everything the new one matches', role: 'note' as const }];
  return loaderError('E050', item.value.span, `signature is already covered by the signature in line ${coverLine}`, { arg2: coverLine, notes });
}

interface LabelInfo {
  readonly generic: boolean;
  readonly classId: number;
  readonly nameId: number;
  readonly flavor: string | null;
  readonly labelId: number;
}

function buildTcp(v: TcpSigValue, l: LabelInfo, sys: readonly SysEntry[], direction: Direction, line: number): TcpSignature {
  let quirks = 0;
  for (const q of v.quirks) quirks |= QUIRK_BIT[q.value];
  const ttl = v.ttl.value;
  return {
    generic: l.generic, classId: l.classId, nameId: l.nameId, flavor: l.flavor, labelId: l.labelId, sys, line,
    direction,
    ipVersion: v.ipVersion.value,
    ttl: ttl.kind === 'distance' ? (ttl.base + ttl.distance) | 0 : ttl.ttl,
    badTtl: ttl.kind === 'bad',
    ipOptionLength: v.ipOptionLength.value,
    mss: v.mss.value,
    window: v.window.value,
    windowScale: v.windowScale.value,
    layout: v.options.map((o) => o.kind),
    eolPad: v.eolPad,
    quirks,
    payloadClass: v.payloadClass.value,
  };
}

function buildHttp(v: HttpSigValue, l: LabelInfo, sys: readonly SysEntry[], direction: Direction, line: number): HttpSignature {
  return {
    generic: l.generic, classId: l.classId, nameId: l.nameId, flavor: l.flavor, labelId: l.labelId, sys, line,
    direction,
    version: v.version.value,
    headers: v.headers.map((h) => ({ name: h.name, optional: h.optional, value: h.value })),
    absent: v.absent.map((a) => a.value),
    expectedSoftware: v.expectedSoftware?.value ?? null,
  };
}
