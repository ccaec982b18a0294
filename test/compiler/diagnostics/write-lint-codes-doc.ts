/** Rewrites docs/lint-codes.md (run by hand after changing codes or fixtures). */
import { writeFileSync } from 'node:fs';
import { renderLintCodesDoc } from './lint-codes-doc.js';

writeFileSync(new URL('../../../docs/lint-codes.md', import.meta.url), renderLintCodesDoc());
