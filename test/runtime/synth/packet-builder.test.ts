import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcap } from '../../../runtime/capture/pcap-writer.js';
import { buildTcpPacket, parseIpv6Text, tcpOpt, TcpFlag, wrapEthernet } from '../../../runtime/synth/packet-builder.js';

const tmp = mkdtempSync(join(tmpdir(), 'p0f-ts-synth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** tcpdump's verbose reading of the packets (the independent check of what we built). */
function tcpdumpVerbose(linkType: number, frames: Uint8Array[], extra: string[] = []): string[] {
  const file = join(tmp, 'x.pcap');
  writeFileSync(file, writePcap(linkType, frames.map((data, i) => ({ seconds: 1_700_000_000 + i, microseconds: 0, data }))));
  const text = execFileSync('tcpdump', ['-vvv', '-nn', '-tt', ...extra, '-r', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // One entry per packet: tcpdump continues a packet on indented lines.
  return text.split(/\n(?=\d+\.\d{6} )/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
}

describe('buildTcpPacket', () => {
  it('builds IPv4 SYNs tcpdump reads back field by field, with correct checksums', () => {
    const [p] = tcpdumpVerbose(101, [
      buildTcpPacket({
        src: '10.1.2.3', dst: '10.4.5.6', srcPort: 1234, dstPort: 443, ttl: 57, tos: 0x12, ipId: 0x4242, df: true, seq: 1000, window: 29200,
        options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(77, 0), tcpOpt.nop(), tcpOpt.ws(7)],
      }),
    ]);
    expect(p).toContain('tos 0x12');
    expect(p).toContain('ttl 57, id 16962');
    expect(p).toContain('flags [DF]');
    expect(p).toContain('10.1.2.3.1234 > 10.4.5.6.443: Flags [S]');
    expect(p).toContain('seq 1000, win 29200, options [mss 1460,sackOK,TS val 77 ecr 0,nop,wscale 7], length 0');
    expect(p).toContain('cksum'); // TCP checksum shown...
    expect(p).toMatch(/cksum 0x[0-9a-f]+ \(correct\)/); // ...and right
    expect(p).not.toContain('bad cksum'); // tcpdump names a wrong IPv4 header checksum
  });

  it('sets reserved flag, fragments, IP options, urgent pointer, ECN bits and payload', () => {
    const [evil, options, urg] = tcpdumpVerbose(101, [
      buildTcpPacket({ reservedFlag: true, df: false, ipId: 1 }),
      buildTcpPacket({ ipOptions: 8, payload: 'hello', flags: TcpFlag.syn | TcpFlag.psh }),
      buildTcpPacket({ flags: TcpFlag.syn | TcpFlag.urg | TcpFlag.ece | TcpFlag.cwr, urgentPointer: 9, ecn: 3 }),
    ]);
    expect(evil).toContain('flags [rsvd]');
    expect(options).toContain('options (NOP,NOP,NOP,NOP,NOP,NOP,NOP,NOP)');
    expect(options).toContain('Flags [SP]');
    expect(options).toContain('length 5');
    expect(urg).toContain('Flags [SUEW]');
    expect(urg).toContain('urg 9');
    expect(urg).toContain('tos 0x3,CE');
    for (const p of [evil, options, urg]) expect(p).toMatch(/cksum 0x[0-9a-f]+ \(correct\)/);
  });

  it('builds IPv6 with a flow label and traffic class, and Ethernet/VLAN frames', () => {
    const ip6 = buildTcpPacket({ ipVersion: 6, src: '2001:db8::1', dst: '2001:db8::2', flowLabel: 0x12345, tos: 0x10, ttl: 33, options: [tcpOpt.mss(1220), tcpOpt.eolPad(2)] });
    const [raw] = tcpdumpVerbose(101, [ip6]);
    expect(raw).toContain('flowlabel 0x12345');
    expect(raw).toContain('class 0x10');
    expect(raw).toContain('hlim 33');
    expect(raw).toContain('2001:db8::1.40000 > 2001:db8::2.80');
    expect(raw).toContain('(correct)');
    const [tagged] = tcpdumpVerbose(1, [wrapEthernet(ip6, { vlanIds: [100, 200] })], ['-e']);
    expect(tagged).toContain('02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q-QinQ (0x88a8)');
    expect(tagged).toMatch(/vlan 100, p 0, ethertype 802\.1Q \(0x8100\), vlan 200, p 0, ethertype IPv6/);
  });

  it('parses compressed IPv6 text', () => {
    expect(Array.from(parseIpv6Text('2001:db8::ff:1'))).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 1]);
    expect(Array.from(parseIpv6Text('::1')).at(-1)).toBe(1);
  });
});
