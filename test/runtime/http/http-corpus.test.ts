/**
 * Corpus agreement: replaying the crafted HTTP captures and every real capture with HTTP
 * through the packet processor (compat mode) gives the http request/response lines and
 * the host change / ip sharing lines that the real p0f 3.09b logged, in order; any
 * recorded variant of a nondeterministic file counts.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithCorpus, listCorpusCaptures } from '../../helpers/shared-corpus.js';
import { replayPcap } from '../process/fixtures/replay-tcp.js';
import { stockDatabase } from './fixtures/stock-database.js';

const COMPARED = /^mod=(http request|http response|host change|ip sharing)\|/;

function logLines(path: string): string[] {
  return readFileSync(path, 'latin1')
    .split('\n')
    .map((l) => l.slice(l.indexOf('] ') + 2))
    .filter((l) => COMPARED.test(l));
}

describeWithCorpus('HTTP corpus agreement with p0f 3.09b (compat mode)', () => {
  const captures = listCorpusCaptures().filter((c) => logLines(c.logVariants[0]).some((l) => l.startsWith('mod=http')));

  it('covers the crafted HTTP files and the real captures with HTTP', () => {
    expect(captures.length).toBeGreaterThan(50);
    expect(captures.some((c) => c.name === 'crafted/http.pcap')).toBe(true);
  });

  for (const capture of captures) {
    it(capture.name, () => {
      const ours = replayPcap(capture.capture, stockDatabase())
        .lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, ''))
        .filter((l) => COMPARED.test(l));
      const variants = capture.logVariants.map(logLines);
      const agreeing = variants.find((v) => JSON.stringify(v) === JSON.stringify(ours));
      expect(ours).toEqual(agreeing ?? variants[0]);
    });
  }
});
