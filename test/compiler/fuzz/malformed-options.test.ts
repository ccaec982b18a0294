/**
 * How the synthesiser malforms options for the `bad` quirk: which of p0f's three ways a
 * layout gets, and that the bytes it writes are malformed the way the plan says. The
 * packets themselves are checked against the real p0f in fuzz-limits.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cutOptionBytes, optionAreaBytes, planBadOptions, valuesLostByPlan, wrongLengthByte } from '../../../compiler/fuzz/malformed-options.js';
import { packetSpecForObservation } from '../../../compiler/fuzz/synthesize.js';
import { QUIRK_BIT, TcpObservation } from '../../../runtime/fingerprint/tcp-types.js';

const NOPS = (n: number): number[] => new Array<number>(n).fill(1);

function observation(layout: readonly number[], fields: Partial<Pick<TcpObservation, 'mss' | 'windowScale' | 'ts1' | 'window' | 'eolPad' | 'quirks'>>): TcpObservation {
  const obs = new TcpObservation();
  obs.ttl = 64;
  obs.layout.set(layout);
  obs.layoutLength = layout.length;
  Object.assign(obs, fields);
  obs.quirks |= QUIRK_BIT.bad;
  return obs;
}

describe('planBadOptions', () => {
  it('gives a fixed-size option a wrong length byte when the layout fills whole words', () => {
    expect(planBadOptions([2, 4, 8, 1, 3], 0)).toEqual({ ok: true, value: { kind: 'wrong-length', candidates: [0, 1, 2, 4] } });
    // mss,?30 takes 6 bytes; the unknown option grows by 2, so a wrong length still fits.
    expect(planBadOptions([2, 30], 0)).toEqual({ ok: true, value: { kind: 'wrong-length', candidates: [0] } });
    // An eol-terminated layout can only get `bad` this way.
    expect(planBadOptions([2, 1, 0], 2)).toEqual({ ok: true, value: { kind: 'wrong-length', candidates: [0] } });
  });

  it('cuts the last option short when a wrong length cannot fill the words', () => {
    // nop,mss is 5 bytes: the mss keeps only 3, so p0f stops inside it.
    expect(planBadOptions([1, 2], 0)).toEqual({ ok: true, value: { kind: 'cut-last', bytes: 3 } });
    expect(planBadOptions([1, 8], 0)).toEqual({ ok: true, value: { kind: 'cut-last', bytes: 3 } });
    expect(planBadOptions([1, 1, 3], 0)).toEqual({ ok: true, value: { kind: 'cut-last', bytes: 2 } });
    expect(planBadOptions([1, 1, 1, 4], 0)).toEqual({ ok: true, value: { kind: 'cut-last', bytes: 1 } });
    expect(planBadOptions([1, 1, 5], 0)).toEqual({ ok: true, value: { kind: 'cut-last', bytes: 2 } });
    expect(planBadOptions([1, 30], 0)).toEqual({ ok: true, value: { kind: 'cut-last', bytes: 3 } });
  });

  it('leaves bytes after 24 options unread', () => {
    expect(planBadOptions(NOPS(24), 0)).toEqual({ ok: true, value: { kind: 'trailing', bytes: 4 } });
    expect(planBadOptions([2, ...NOPS(23)], 0)).toEqual({ ok: true, value: { kind: 'trailing', bytes: 1 } });
    // With 28 bytes a wrong length fits, which keeps the option area short.
    expect(planBadOptions([2, 4, ...NOPS(22)], 0)).toEqual({ ok: true, value: { kind: 'wrong-length', candidates: [0, 1] } });
    expect(planBadOptions([3, ...NOPS(23)], 0)).toEqual({ ok: true, value: { kind: 'trailing', bytes: 2 } });
  });

  it('names why a layout can never carry bad', () => {
    const reason = (layout: number[], eolPad = 0): string => {
      const p = planBadOptions(layout, eolPad);
      return p.ok ? `planned ${p.value.kind}` : p.reason;
    };
    expect(reason([])).toBe("'bad' cannot be produced with an empty layout: there is no option to malform");
    expect(reason([1, 1, 1, 1])).toBe("'bad' cannot be produced with layout nop,nop,nop,nop: no mss, ws, sok or ts to give a wrong length byte; the last option is a nop, which cannot be cut short; fewer than 24 options, so nothing is left unread");
    expect(reason([5, 1])).toContain('the last option is a nop, which cannot be cut short');
    expect(reason([1, 1, 1, 0], 1)).toBe("'bad' cannot be produced with layout nop,nop,nop,eol: its eol swallows every later byte, and no mss, ws, sok or ts option can carry a wrong length");
    expect(reason([4])).toContain('cutting the last sok short cannot end the options on a 4-byte boundary');
  });
});

describe('valuesLostByPlan and optionAreaBytes', () => {
  it('a cut-short mss, ws or ts sets no value unless an earlier one of its kind did', () => {
    expect(valuesLostByPlan({ kind: 'cut-last', bytes: 3 }, [1, 2])).toEqual({ mss: true, ws: false, ts: false });
    expect(valuesLostByPlan({ kind: 'cut-last', bytes: 3 }, [2, 1, 1, 1, 2])).toEqual({ mss: false, ws: false, ts: false });
    expect(valuesLostByPlan({ kind: 'wrong-length', candidates: [1] }, [1, 2])).toEqual({ mss: false, ws: false, ts: false });
  });

  it('counts the option area as the packet will carry it', () => {
    expect(optionAreaBytes([1, 2], 0, { kind: 'cut-last', bytes: 3 })).toBe(4);
    expect(optionAreaBytes(NOPS(24), 0, { kind: 'trailing', bytes: 4 })).toBe(28);
    expect(optionAreaBytes([2, 4, 8, 1, 3], 0, { kind: 'wrong-length', candidates: [0] })).toBe(20);
  });
});

describe('malformed bytes', () => {
  it('a wrong length byte is never the standard one', () => {
    for (const [kind, standard] of [[2, 4], [3, 3], [4, 2], [8, 10]] as const) {
      for (let v = 0; v < 12; v++) expect(wrongLengthByte(kind, v)).not.toBe(standard);
    }
  });

  it('a cut sack or unknown option has a length p0f refuses', () => {
    for (let v = 0; v < 14; v++) {
      const sack = cutOptionBytes(5, 4, v);
      // p0f accepts a sack length of 10..34 that fits in what is left (4 bytes here).
      expect(sack[1]! < 10 || sack[1]! > 34 || sack[1]! > 4).toBe(true);
      const unknown = cutOptionBytes(30, 3, v);
      expect(unknown[1]! < 2 || unknown[1]! > 40 || unknown[1]! > 3).toBe(true);
    }
  });

  it('packetSpecForObservation malforms each fixed-size option in turn and keeps its value', () => {
    const standard: { readonly [kind: number]: number } = { 2: 4, 3: 3, 4: 2, 8: 10 };
    const malformed = new Set<number>();
    for (let window = 0; window < 64; window++) {
      const obs = observation([2, 4, 8, 1, 3], { mss: 1460, windowScale: 7, ts1: 99, window });
      const spec = packetSpecForObservation(obs, 'request', { src: 1, dst: 2 });
      expect(spec.ok).toBe(true);
      if (!spec.ok) return;
      const options = spec.value.options ?? [];
      const wrong = options.filter((o) => o.raw[1] !== standard[o.kind]);
      expect(wrong.length).toBe(1);
      malformed.add(wrong[0]!.kind);
      // The values p0f reads at the standard place are untouched.
      expect(Array.from(options.find((o) => o.kind === 2)!.raw.subarray(2))).toEqual([0x05, 0xb4]);
      expect(options.find((o) => o.kind === 3)!.raw[2]).toBe(7);
    }
    expect([...malformed].sort()).toEqual([2, 3, 4, 8]);
  });

  it('refuses an observation whose values a cut-short option could not carry', () => {
    const spec = packetSpecForObservation(observation([1, 2], { mss: 1460, window: 1 }), 'request', { src: 1, dst: 2 });
    expect(spec).toEqual({ ok: false, reason: 'MSS value without an MSS option' });
    const ok = packetSpecForObservation(observation([1, 2], { mss: 0, window: 1 }), 'request', { src: 1, dst: 2 });
    expect(ok.ok && Array.from(ok.value.options?.at(-1)?.raw ?? [])).toEqual([2, 4, 0]);
  });
});
