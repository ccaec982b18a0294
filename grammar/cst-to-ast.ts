/** CST → AST for the list-like, HTTP and MTU values (TCP signatures build theirs in tcp-sig-parser.ts). */
import type { CstNode, IToken } from 'chevrotain';
import type { Spanned } from './span.js';
import type { HttpHeaderNode, HttpSigValue, SignatureLabelValue, SysEntryNode, UaOsEntryNode } from './ast.js';
import type { SpanFactory } from './value-scan.js';

// CST children are grouped by name, each group in parse (= source) order, so reading one
// group needs no sorting.

function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []) as IToken[];
}

function nodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []) as CstNode[];
}

function spanned(t: IToken, sp: SpanFactory): Spanned<string> {
  return { value: t.image, span: sp(t.startOffset, t.startOffset + t.image.length) };
}

export function classesToAst(cst: CstNode, sp: SpanFactory): Spanned<string>[] {
  return tokens(cst, 'ClassName').map((t) => spanned(t, sp));
}

export function sysToAst(cst: CstNode, sp: SpanFactory): SysEntryNode[] {
  return nodes(cst, 'sysEntry').map((entry) => {
    const at = tokens(entry, 'At')[0];
    const name = at === undefined ? tokens(entry, 'SysName')[0] : tokens(entry, 'SysClassName')[0];
    const start = at === undefined ? name.startOffset : at.startOffset;
    return { span: sp(start, name.startOffset + name.image.length), isClass: at !== undefined, name: name.image };
  });
}

export function uaOsToAst(cst: CstNode, sp: SpanFactory): UaOsEntryNode[] {
  return nodes(cst, 'uaOsEntry').map((entry) => {
    const name = tokens(entry, 'UaName')[0];
    const alias = nodes(entry, 'uaOsAlias')[0];
    const body = alias === undefined ? undefined : nodes(alias, 'uaOsAliasBody')[0];
    const text = body === undefined ? undefined : tokens(body, 'AliasText')[0];
    const close = body === undefined ? undefined : tokens(body, 'AliasClose')[0];
    const end = close !== undefined ? close.startOffset + 1 : name.startOffset + name.image.length;
    return { span: sp(name.startOffset, end), name: spanned(name, sp), alias: text === undefined ? null : spanned(text, sp) };
  });
}

export function labelToAst(cst: CstNode, v: string, sp: SpanFactory): SignatureLabelValue {
  const type = tokens(cst, 'LabelType')[0];
  const cls = tokens(cst, 'ClassToken')[0];
  const nameNode = nodes(cst, 'labelName')[0];
  const name = tokens(nameNode, 'LabelName')[0];
  const flavor = tokens(nameNode, 'Flavor')[0];
  return {
    kind: 'signature-label',
    span: sp(0, v.length),
    type: { value: type.image === 'g' ? 'g' : 's', span: sp(type.startOffset, type.startOffset + 1) },
    classToken: spanned(cls, sp),
    name: spanned(name, sp),
    flavor: flavor === undefined ? null : spanned(flavor, sp),
  };
}

export function httpSigToAst(cst: CstNode, v: string, sp: SpanFactory): HttpSigValue {
  const ver = tokens(cst, 'HttpVersionPrefix')[0];
  const horder = nodes(cst, 'horder')[0];
  const habsent = nodes(cst, 'habsent')[0];
  const headers: HttpHeaderNode[] = nodes(horder, 'headerEntry').map((entry) => {
    const opt = tokens(entry, 'Optional')[0];
    const name = tokens(entry, 'HeaderName')[0];
    const body = nodes(entry, 'headerValue').flatMap((hv) => nodes(hv, 'headerValueBody'))[0];
    const text = body === undefined ? undefined : tokens(body, 'ValueText')[0];
    const close = body === undefined ? undefined : tokens(body, 'ValueClose')[0];
    const start = opt === undefined ? name.startOffset : opt.startOffset;
    const end = close !== undefined ? close.startOffset + 1 : name.startOffset + name.image.length;
    return { span: sp(start, end), name: name.image, optional: opt !== undefined, value: text === undefined ? null : text.image };
  });
  const absent = tokens(habsent, 'HeaderName').map((t) => spanned(t, sp));
  const sw = tokens(cst, 'Software')[0];
  const c0 = ver.image[0];
  return {
    kind: 'http-sig',
    span: sp(0, v.length),
    version: { value: c0 === '0' ? 0 : c0 === '1' ? 1 : -1, span: sp(0, 1) },
    headers,
    absent,
    expectedSoftware: sw === undefined ? null : spanned(sw, sp),
  };
}
