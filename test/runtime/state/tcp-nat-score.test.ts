/**
 * NAT / host-change scoring (spec §8.1–8.4) on crafted SYN sequences, compared with the
 * real p0f; each case also pins the reason and raw_hits the spec marks [V].
 */
import { describe, expect, it } from 'vitest';
import { TcpFlag, tcpOpt, type TcpPacketSpec } from '../../../runtime/synth/packet-builder.js';
import { loadFp } from '../process/fixtures/load-fp.js';
import { compareWithOracle, FP, linuxSyn, ORACLE_AVAILABLE, windowsSyn, type TimedPacket } from '../process/fixtures/scenario.js';

const natLines = (lines: readonly string[]): string[] =>
  lines.filter((l) => /mod=(host change|ip sharing)/.test(l)).map((l) => l.replace(/^.*mod=([^|]+)\|.*\|subj=(\w+)\|/, '$1|$2|'));

/** Blackberry (class `other`): `*:128:0:1452:65535,0:mss,nop,nop,sok,nop,nop,ts::0`. */
function blackberrySyn(sport: number): TcpPacketSpec {
  return {
    src: '172.16.1.1', dst: '198.18.1.1', srcPort: sport, dstPort: 80, ttl: 128, df: false, ipId: 5, seq: 10,
    flags: TcpFlag.syn, window: 65535,
    options: [tcpOpt.mss(1452), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok(), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(500, 0)],
  };
}

/** NMap SYN scan (`*:64-:0:1460:1024,0:mss::0`, sys @unix,@win). */
function nmapSyn(sport: number): TcpPacketSpec {
  return {
    src: '172.16.1.1', dst: '198.18.1.1', srcPort: sport, dstPort: 80, ttl: 50, df: false, ipId: 9, seq: 11,
    flags: TcpFlag.syn, window: 1024, options: [tcpOpt.mss(1460)],
  };
}

const TITLE = 'TCP NAT scoring against the real p0f';

describe(ORACLE_AVAILABLE ? TITLE : `${TITLE}: NOT RUN, ${FP} or the p0f binary is absent`, () => {
  if (!ORACLE_AVAILABLE) {
    it('has no oracle to compare with', () => expect(ORACLE_AVAILABLE).toBe(false));
    return;
  }
  const db = loadFp(FP);
  const run = (packets: TimedPacket[]) => compareWithOracle(db, packets);

  it('alternating Linux/Windows SYNs: host change 1,1,1,1 and 2,2,2,2, ip sharing 3,3,3,3, then the history restarts', () => {
    const packets: TimedPacket[] = [];
    for (let i = 0; i < 8; i++) {
      const o = { sport: 40000 + i, seq: 100 + i };
      packets.push({ t: i * 2, spec: i % 2 === 0 ? linuxSyn({ ...o, tsval: 0 }) : windowsSyn(o) });
    }
    const { oracle, ours } = run(packets);
    const nat = natLines(oracle);
    expect(nat.slice(0, 4).map((l) => l.replace(/\|reason=.*\|/, '|'))).toEqual([
      'host change|cli|raw_hits=1,1,1,1',
      'host change|cli|raw_hits=2,2,2,2',
      'ip sharing|cli|raw_hits=3,3,3,3',
      'host change|cli|raw_hits=1,1,1,1',
    ]);
    expect(ours).toEqual(oracle);
  });

  it('TTL 64→60 with a consistent timestamp: 4 halved to 2 → host change ttl 0,0,1,1', () => {
    const { oracle, ours } = run([
      { t: 0, spec: linuxSyn({ sport: 40000, tsval: 100000 }) },
      { t: 10, spec: linuxSyn({ sport: 40001, tsval: 101000, ttl: 60 }) },
    ]);
    expect(natLines(oracle)).toEqual(['host change|cli|reason=ttl|raw_hits=0,0,1,1']);
    expect(ours).toEqual(oracle);
  });

  it('the same with the timestamp going backwards → tstamp ttl 1,1,1,1', () => {
    const { oracle, ours } = run([
      { t: 0, spec: linuxSyn({ sport: 40000, tsval: 100000 }) },
      { t: 10, spec: linuxSyn({ sport: 40001, tsval: 50000, ttl: 60 }) },
    ]);
    expect(natLines(oracle)).toEqual(['host change|cli|reason=tstamp ttl|raw_hits=1,1,1,1']);
    expect(ours).toEqual(oracle);
  });

  it('a port drop alone scores 1, halved to 0: nothing printed', () => {
    const { oracle, ours } = run([
      { t: 0, spec: linuxSyn({ sport: 50000, tsval: 100000 }) },
      { t: 10, spec: linuxSyn({ sport: 40000, tsval: 101000 }) },
    ]);
    expect(natLines(oracle)).toEqual([]);
    expect(ours).toEqual(oracle);
  });

  it('an MSS change and a port drop without timestamps: port mtu (2)', () => {
    const { oracle, ours } = run([
      { t: 0, spec: windowsSyn({ sport: 50000 }) },
      { t: 10, spec: windowsSyn({ sport: 40000, mss: 1400 }) },
    ]);
    expect(natLines(oracle)).toEqual(['host change|cli|reason=port mtu|raw_hits=0,0,1,1']);
    expect(ours).toEqual(oracle);
  });

  it('known → unknown with a different layout: sig_diff x_known', () => {
    const unknown: TcpPacketSpec = { ...windowsSyn({ sport: 40001 }), options: [tcpOpt.mss(1460), tcpOpt.other(30), tcpOpt.nop(), tcpOpt.nop()], window: 1234 };
    const { oracle, ours } = run([
      { t: 0, spec: windowsSyn({ sport: 40000 }) },
      { t: 10, spec: unknown },
    ]);
    expect(natLines(oracle)[0]).toMatch(/^host change\|cli\|reason=sig_diff x_known\|/);
    expect(ours).toEqual(oracle);
  });

  it('app_vs_os: a Blackberry (class other) then an NMap SYN → host change app_vs_os 0,1,1,1', () => {
    const { oracle, ours } = run([
      { t: 0, spec: blackberrySyn(40000) },
      { t: 1, spec: nmapSyn(40001) },
    ]);
    expect(natLines(oracle)).toEqual(['host change|cli|reason=app_vs_os|raw_hits=0,1,1,1']);
    expect(ours).toEqual(oracle);
  });

  it('app_vs_os: Linux then NMap is compatible (@unix) → silent', () => {
    const { oracle, ours } = run([
      { t: 0, spec: linuxSyn({ sport: 40000 }) },
      { t: 1, spec: nmapSyn(40001) },
    ]);
    expect(natLines(oracle)).toEqual([]);
    expect(ours).toEqual(oracle);
  });

  it('SYN+ACK from one server changing OS → subj=srv os_diff', () => {
    const syn1 = linuxSyn({ sport: 40000 });
    const syn2 = linuxSyn({ sport: 40001, src: '172.16.1.2' });
    const linuxSa = (syn: TcpPacketSpec): TcpPacketSpec => ({
      src: syn.dst, dst: syn.src, srcPort: syn.dstPort, dstPort: syn.srcPort, ttl: 64, df: true, ipId: 0, seq: 9,
      ack: 1, flags: TcpFlag.syn | TcpFlag.ack, window: 29200,
      options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(3000, 1), tcpOpt.nop(), tcpOpt.ws(7)],
    });
    const winSa = (syn: TcpPacketSpec): TcpPacketSpec => ({
      src: syn.dst, dst: syn.src, srcPort: syn.dstPort, dstPort: syn.srcPort, ttl: 128, df: true, ipId: 7, seq: 9,
      ack: 1, flags: TcpFlag.syn | TcpFlag.ack, window: 8192,
      options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.ws(8), tcpOpt.sok(), tcpOpt.ts(3000, 1)],
    });
    const { oracle, ours } = run([
      { t: 0, spec: syn1 },
      { t: 0.1, spec: linuxSa(syn1) },
      { t: 5, spec: syn2 },
      { t: 5.1, spec: winSa(syn2) },
    ]);
    expect(oracle.some((l) => l.includes('mod=syn+ack'))).toBe(true);
    expect(ours).toEqual(oracle);
  });
});
