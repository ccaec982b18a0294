/** Text, Markdown and JSON views of a semantic diff and of its corpus replay. */
import { outcomeText, type CorpusComparison } from './replay-corpus.js';
import type { SemanticDiff, SignatureChange } from './semantic-diff.js';
import { SECTIONS, type SignatureView } from './signature-view.js';

export interface DiffReport {
  readonly oldFile: string;
  readonly newFile: string;
  readonly diff: SemanticDiff;
  readonly corpus: CorpusComparison | null;
}

function sig(v: SignatureView): string {
  return `line ${v.line}: [${v.label}] ${v.text}`;
}

/** One line per signature change, e.g. `~ line 97 -> 97: [s:unix:Linux:3.x] window mss*20 -> mss*21`. */
export function describeChange(c: SignatureChange): string {
  switch (c.kind) {
    case 'added':
      return `+ added    ${sig(c.new)}`;
    case 'removed':
      return `- removed  ${sig(c.old)}`;
    case 'moved':
      return `> moved    line ${c.old.line} -> ${c.new.line} (position ${c.old.index + 1} -> ${c.new.index + 1}): [${c.new.label}] ${c.new.text}`;
    case 'changed':
      return `~ changed  line ${c.old.line} -> ${c.new.line}: [${c.new.label}] ${c.fields.map((f) => `${f.field} '${f.old}' -> '${f.new}'`).join(', ')}`;
  }
}

function summaryLine(r: DiffReport): string {
  const count = (kind: SignatureChange['kind']): number => r.diff.signatures.filter((c) => c.kind === kind).length;
  const parts = [`${count('added')} added`, `${count('removed')} removed`, `${count('changed')} changed`, `${count('moved')} moved`];
  parts.push(`${r.diff.reachability.length} reachability changes`, `${r.diff.names.length} name spelling changes`);
  let line = `signatures: ${parts.join(', ')}`;
  if (r.corpus !== null) {
    line += `\ncorpus: ${r.corpus.captures.length} captures, ${r.corpus.observations} observations, ${r.corpus.changes.length} classification changes`;
    if (r.corpus.unattributed > 0) line += ` (${r.corpus.unattributed} not attributed to a signature change)`;
  }
  return line;
}

export function renderDiffText(r: DiffReport): string {
  const out: string[] = [`--- ${r.oldFile}`, `+++ ${r.newFile}`];
  for (const section of SECTIONS) {
    const changes = r.diff.signatures.filter((c) => c.section === section);
    const reach = r.diff.reachability.filter((c) => c.section === section);
    const labels = r.diff.labels.filter((c) => c.section === section);
    if (changes.length + reach.length + labels.length === 0) continue;
    out.push('', `[${section}]`);
    for (const l of labels) out.push(`  ${l.kind === 'added' ? '+' : '-'} label ${l.kind} [${l.label}] (${l.signatures} signature${l.signatures === 1 ? '' : 's'})`);
    for (const c of changes) out.push(`  ${describeChange(c)}`);
    for (const c of reach) {
      const why = c.by === null ? c.reason : `${c.reason} by line ${c.by.line}`;
      out.push(c.kind === 'newly-shadowed'
        ? `  ! newly unreachable: ${sig(c.signature)} (${why})`
        : `  ! newly reachable: ${sig(c.signature)} (was: ${why})`);
    }
  }
  if (r.diff.names.length > 0) {
    out.push('', 'OS/application name spelling:');
    for (const n of r.diff.names) out.push(`  '${n.old}' -> '${n.new}'`);
  }
  if (r.diff.classes.length + r.diff.uaOs.length > 0) {
    out.push('', 'classes and ua_os:');
    for (const c of r.diff.classes) out.push(`  ${c.kind === 'added' ? '+' : '-'} class ${c.entry}`);
    for (const c of r.diff.uaOs) out.push(c.kind === 'reordered' ? `  ~ ua_os order now ${c.entry}` : `  ${c.kind === 'added' ? '+' : '-'} ua_os ${c.entry}`);
  }
  if (r.corpus !== null) {
    out.push('', 'classification changes:');
    if (r.corpus.groups.length === 0) out.push('  none');
    for (const g of r.corpus.groups) {
      out.push(`  ${g.count} x ${g.keyword}: ${g.old} -> ${g.new}`);
      const e = g.example;
      out.push(`      e.g. ${e.capture}: ${e.client} -> ${e.server}${e.rawSig === null ? '' : ` raw_sig=${e.rawSig}`}`);
      for (const k of g.causes) out.push(`      caused by: ${describeChange(r.diff.signatures[k] as SignatureChange)}`);
      for (const n of e.nameCauses) out.push(`      caused by: name spelling '${n.old}' -> '${n.new}'`);
      if (g.causes.length === 0 && e.nameCauses.length === 0) out.push('      caused by: (not attributed)');
    }
    for (const e of r.corpus.errors) out.push(`  capture error: ${e}`);
  }
  out.push('', summaryLine(r));
  return `${out.join('\n')}\n`;
}

function md(text: string): string {
  return text.replace(/([|`*_\\[\]<>])/g, '\\$1');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function renderDiffMarkdown(r: DiffReport): string {
  const out: string[] = [`### p0f.fp semantic diff: ${code(r.oldFile)} → ${code(r.newFile)}`, ''];
  if (r.diff.signatures.length > 0) {
    out.push('| section | change | old | new | detail |', '|---|---|---|---|---|');
    for (const c of r.diff.signatures) {
      const old = c.kind === 'added' ? '' : `line ${c.old.line}`;
      const now = c.kind === 'removed' ? '' : `line ${c.new.line}`;
      const view = c.kind === 'removed' ? c.old : c.new;
      const detail = c.kind === 'changed'
        ? c.fields.map((f) => `${f.field}: ${code(f.old)} → ${code(f.new)}`).join('<br>')
        : `${md(view.label)}: ${code(view.text)}`;
      out.push(`| ${c.section} | ${c.kind} | ${old} | ${now} | ${detail} |`);
    }
    out.push('');
  }
  if (r.diff.labels.length > 0) {
    out.push('**Labels**', '');
    for (const l of r.diff.labels) out.push(`- ${l.kind} in \`[${l.section}]\`: ${code(l.label)} (${l.signatures} signature${l.signatures === 1 ? '' : 's'})`);
    out.push('');
  }
  if (r.diff.reachability.length > 0) {
    out.push('**Reachability**', '');
    for (const c of r.diff.reachability) out.push(`- ${c.kind} \`[${c.section}]\` line ${c.signature.line} ${code(c.signature.text)} (${c.by === null ? c.reason : `${c.reason} by line ${c.by.line}`})`);
    out.push('');
  }
  if (r.diff.names.length + r.diff.classes.length + r.diff.uaOs.length > 0) {
    out.push('**Names, classes, ua_os**', '');
    for (const n of r.diff.names) out.push(`- name spelling ${code(n.old)} → ${code(n.new)}`);
    for (const c of r.diff.classes) out.push(`- class ${c.kind}: ${code(c.entry)}`);
    for (const c of r.diff.uaOs) out.push(`- ua_os ${c.kind}: ${code(c.entry)}`);
    out.push('');
  }
  if (r.corpus !== null) {
    out.push('**Classification changes on the corpus**', '');
    if (r.corpus.groups.length === 0) out.push('None.');
    else {
      out.push('| count | observation | old | new | example | caused by |', '|---|---|---|---|---|---|');
      for (const g of r.corpus.groups) {
        const e = g.example;
        const causes = [...g.causes.map((k) => {
          const c = r.diff.signatures[k] as SignatureChange;
          return `${c.kind} line ${c.kind === 'removed' ? c.old.line : c.new.line}`;
        }), ...e.nameCauses.map((n) => `name ${code(n.old)} → ${code(n.new)}`)];
        out.push(`| ${g.count} | ${g.keyword} | ${md(g.old)} | ${md(g.new)} | ${code(e.client)} → ${code(e.server)}${e.rawSig === null ? '' : ` ${code(e.rawSig)}`} | ${causes.join(', ') || 'not attributed'} |`);
      }
    }
    out.push('');
  }
  out.push(summaryLine(r).split('\n').map((l) => `_${l}_`).join('  \n'));
  return `${out.join('\n')}\n`;
}

function viewJson(v: SignatureView): Record<string, unknown> {
  return { line: v.line, position: v.index + 1, label: v.label, sig: v.text };
}

export function diffToJson(r: DiffReport): Record<string, unknown> {
  return {
    old: r.oldFile,
    new: r.newFile,
    signatures: r.diff.signatures.map((c) => ({
      kind: c.kind,
      section: c.section,
      ...(c.kind === 'added' ? {} : { old: viewJson(c.old) }),
      ...(c.kind === 'removed' ? {} : { new: viewJson(c.new) }),
      ...(c.kind === 'changed' ? { fields: c.fields } : {}),
    })),
    labels: r.diff.labels,
    reachability: r.diff.reachability.map((c) => ({ kind: c.kind, section: c.section, signature: viewJson(c.signature), by: c.by === null ? null : viewJson(c.by), reason: c.reason })),
    names: r.diff.names,
    classes: r.diff.classes,
    uaOs: r.diff.uaOs,
    corpus: r.corpus === null ? null : {
      captures: r.corpus.captures.length,
      observations: r.corpus.observations,
      changes: r.corpus.changes.length,
      unattributed: r.corpus.unattributed,
      errors: r.corpus.errors,
      groups: r.corpus.groups.map((g) => ({
        keyword: g.keyword, old: g.old, new: g.new, count: g.count, causes: g.causes,
        example: { capture: g.example.capture, client: g.example.client, server: g.example.server, rawSig: g.example.rawSig, old: outcomeText(g.example.old), new: outcomeText(g.example.new) },
      })),
    },
  };
}
