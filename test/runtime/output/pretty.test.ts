import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPretty } from '../../../runtime/output/pretty.js';
import { parseP0fLogLine, recordToEvent } from '../../helpers/p0f-log.js';
import { describeWithCorpus, listCorpusCaptures } from '../../helpers/shared-corpus.js';

describeWithCorpus('formatPretty reproduces the real p0f stdout blocks', () => {
  it('the blocks of each corpus .p0f.txt equal those rendered from the same run\'s log lines', () => {
    let compared = 0;
    for (const capture of listCorpusCaptures()) {
      if (capture.pretty === null) continue;
      const text = readFileSync(capture.pretty, 'latin1');
      const expected = text.split('\n.-[').slice(1).map((b) => '.-[' + b.slice(0, b.indexOf('`----\n') + 6) + '\n');
      const logLines = readFileSync(capture.logVariants[0], 'latin1').split('\n').filter((l) => l !== '');
      // The .txt and the canonical .log come from the same run only when no variants exist.
      if (capture.logVariants.length > 1 || expected.length !== logLines.length) continue;
      const ours = logLines.map((l) => formatPretty(recordToEvent(parseP0fLogLine(l)!)));
      expect(ours, capture.name).toEqual(expected);
      compared += ours.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('formatPretty', () => {
  it('labels the subject "server" for srv events and prints ??? for null values', () => {
    const block = formatPretty({
      keyword: 'host change',
      time: { seconds: 0, microseconds: 0 },
      client: { ipVersion: 4, address: Uint8Array.of(192, 168, 7, 2), port: 50001 },
      server: { ipVersion: 4, address: Uint8Array.of(10, 0, 0, 1), port: 80 },
      subject: 'srv',
      fields: [{ key: 'reason', value: null }, { key: 'raw_hits', value: '0,0,1,1' }],
      data: {},
    });
    expect(block).toBe(
      '.-[ 192.168.7.2/50001 -> 10.0.0.1/80 (host change) ]-\n|\n| server   = 10.0.0.1/80\n' +
        '| reason   = ???\n| raw_hits = 0,0,1,1\n|\n`----\n\n',
    );
  });
});
