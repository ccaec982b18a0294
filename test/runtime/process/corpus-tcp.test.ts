/**
 * Replays every corpus pcap (compat mode) and compares our TCP-side events, rendered as
 * p0f log lines, with what the real p0f 3.09b logged for the same file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMatcherSet, type MatcherSet } from '../../../runtime/match/matcher-set.js';
import { loadFp } from './fixtures/load-fp.js';
import { replayPcap, TCP_KEYWORDS } from './fixtures/replay-tcp.js';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

const CORPUS = CORPUS_DIR;
const FP = '/etc/p0f/p0f.fp';

function listPcaps(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listPcaps(p));
    else if (name.endsWith('.pcap') || name.endsWith('.pcapng')) out.push(p);
  }
  return out;
}

function keywordOf(line: string): string {
  return /\bmod=([^|]+)\|/.exec(line)?.[1] ?? '';
}

/** `X.pcap` → `X.p0f.log`, `X.pcapng` → `X.pcapng.p0f.log`. */
function logStem(capture: string): string {
  return capture.endsWith('.pcap') ? capture.slice(0, -'.pcap'.length) : capture;
}

/**
 * The canonical log plus the other runs p0f produced for the same file (`altN`) and the
 * `tm_isdst = 0` run (`isdst0`): 3.09b's HTTP Date parse reads stack garbage, so some
 * files have several valid outputs (corpus real/README.md).
 */
function expectedVariants(capture: string): string[][] {
  const base = logStem(capture);
  const dir = base.slice(0, base.lastIndexOf('/'));
  const stem = base.slice(base.lastIndexOf('/') + 1);
  const logs = readdirSync(dir).filter((n) => n.startsWith(`${stem}.p0f.`) && /^\.p0f\.(alt\d+\.|isdst0\.)?log$/.test(n.slice(stem.length)));
  return logs.map((n) =>
    readFileSync(join(dir, n), 'utf8').split('\n').filter((l) => l !== '' && TCP_KEYWORDS.has(keywordOf(l))),
  );
}

const available = existsSync(CORPUS) && existsSync(FP);

const title = available
  ? 'corpus replay vs the real p0f (syn, syn+ack, mtu, uptime, host change, ip sharing)'
  : `corpus replay: NOT RUN, ${CORPUS} or ${FP} is absent on this machine`;

describe(title, () => {
  if (!available) {
    it('has nothing to compare without the shared corpus', () => {
      expect(existsSync(CORPUS) && existsSync(FP)).toBe(false);
    });
    return;
  }
  process.env.TZ = 'UTC';
  const db = loadFp(FP);
  const pcaps = listPcaps(CORPUS).filter((p) => existsSync(`${logStem(p)}.p0f.log`));
  const tally: string[] = [];
  // The shipping configuration: compiled matchers over the same database.
  let compiled: MatcherSet | null = null;
  beforeAll(async () => {
    const r = await loadMatcherSet({ fpPath: FP, matcher: 'compiled' });
    if (r.ok) compiled = r.set;
  });

  it('loads the compiled matchers', () => {
    expect(compiled).not.toBeNull();
  });

  it('finds the corpus', () => {
    expect(pcaps.length).toBeGreaterThan(20);
  });

  for (const pcap of pcaps) {
    const rel = pcap.slice(CORPUS.length + 1);
    it(rel, () => {
      const ours = replayPcap(pcap, db).lines.map((l) => l.trimEnd()).filter((l) => TCP_KEYWORDS.has(keywordOf(l)));
      const variants = expectedVariants(pcap);
      // Any recorded variant may be matched; otherwise report against the closest one.
      const overlap = (v: readonly string[]): number => {
        const mine = new Set(ours);
        return v.filter((l) => mine.has(l)).length - Math.abs(v.length - ours.length);
      };
      const exact = variants.find((v) => v.length === ours.length && v.every((l, i) => l === ours[i]));
      const best = exact ?? variants.reduce((a, b) => (overlap(b) > overlap(a) ? b : a));
      const bestSame = best.filter((l, i) => ours[i] === l).length;
      tally.push(`${rel}: ${bestSame}/${best.length} expected lines equal (ours ${ours.length})`);
      expect(ours).toEqual(best);
      if (compiled !== null) {
        const viaCompiled = replayPcap(pcap, db, { matchers: compiled }).lines.map((l) => l.trimEnd()).filter((l) => TCP_KEYWORDS.has(keywordOf(l)));
        expect(viaCompiled).toEqual(best);
      }
    });
  }

  afterAll(() => {
    console.log(`corpus-tcp agreement:\n  ${tally.join('\n  ')}`);
  });
});
