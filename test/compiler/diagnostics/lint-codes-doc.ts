/**
 * Generates docs/lint-codes.md from the catalogue and the code fixtures (each section shows
 * its fixture and the rendered diagnostic). `lint-codes-doc.test.ts` fails when the committed
 * file has drifted; regenerate with `npx tsx test/compiler/diagnostics/write-lint-codes-doc.ts`.
 */
import { ALL_CODES, codeInfo } from '../../../compiler/diagnostics/codes.js';
import { LOADER_ERRORS } from '../../../grammar/loader-errors.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { renderText } from '../../../compiler/diagnostics/render-text.js';
import { CODE_FIXTURES } from './code-fixtures.js';

const INTRO = `# p0f-ts lint codes

\`p0f-ts lint\` reports two kinds of problems in \`p0f.fp\` files:

* **Loader errors** (\`E0xx\`): everything p0f 3.09b's own loader refuses. The number follows
  the error catalogue of the behavioural spec (spec id E24 is \`E024\`; E26 is unused, and
  E1–E3, the I/O failures, are reported by the CLI with exit status 2). p0f stops at the
  first one; p0f-ts reports all of them, each at the line p0f would name, with p0f's own
  wording shown as a note. A database with any error is not loaded.
* **Lint warnings** (kebab-case ids): things p0f accepts but that are almost certainly
  wrong. Silence one with a comment on the same line or the line above:
  \`; p0f-ts-allow: unreachable-signature, duplicate-signature\`.

\`--deny-warnings\` makes warnings fail the run (exit status 1). \`--format json\` and
\`--format sarif\` give machine-readable output for CI.
`;

export function renderLintCodesDoc(): string {
  const out: string[] = [INTRO];
  for (const code of ALL_CODES) {
    const info = codeInfo(code);
    out.push(`\n## ${code}\n`);
    out.push(`**${info.title}** (${info.severity})\n`);
    if (code in LOADER_ERRORS) out.push(`p0f says: \`${LOADER_ERRORS[code as keyof typeof LOADER_ERRORS].p0f.trim()}\`\n`);
    out.push(`Fix: ${info.help}.\n`);
    const text = CODE_FIXTURES[code];
    const ds = loadDatabase(text, 'example.fp').diagnostics.filter((d) => d.code === code).slice(0, 1);
    const rendered = renderText(ds, { color: false, sources: () => text }).trimEnd();
    out.push(`Example:\n\n\`\`\`\n${text.replace(/\n$/, '')}\n\`\`\`\n\n\`\`\`\n${rendered}\n\`\`\`\n`);
  }
  return out.join('\n');
}
