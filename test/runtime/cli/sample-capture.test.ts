import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSampleCapture } from '../../../runtime/cli/sample-capture.js';
import { REPO_ROOT } from '../../helpers/shared-corpus.js';

describe('signatures/sample.pcap', () => {
  it('is exactly what `p0f-ts sample` generates (regenerate with `node bin/p0f-ts.js sample` if this fails)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'signatures/sample.pcap'));
    expect(Buffer.from(buildSampleCapture()).equals(committed)).toBe(true);
  });
});
