import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { formatTcpRawSig } from '../../../runtime/fingerprint/raw-sig.js';
import { buildTcpPacket, tcpOpt, TcpFlag, type TcpPacketSpec } from '../../../runtime/synth/packet-builder.js';
import { corpusCaptures, decodeCaptureSigs, oracleLogPath, oracleSigs, unmatchedOracleSigs } from '../decode/corpus-packets.js';

function decodeRaw(spec: TcpPacketSpec): DecodedPacket {
  const data = buildTcpPacket(spec);
  const out = new DecodedPacket();
  const status = new PacketDecoder({ compat: true }).decode(
    { data, capturedLength: data.length, originalLength: data.length, seconds: 0, microseconds: 0, linkType: 101 },
    out,
  );
  expect(status).toBe('ok');
  return out;
}

describe('formatTcpRawSig against the real p0f corpus logs', () => {
  const captures = corpusCaptures();
  it('finds the corpus', () => {
    expect(captures.length).toBeGreaterThan(40);
  });
  for (const capture of captures) {
    const name = capture.split('/').pop() ?? capture;
    // The default mode only fixes frames p0f cannot parse, so it must reproduce p0f here too.
    for (const compat of [true, false]) {
      it(`every syn / syn+ack raw_sig of ${name} is reproduced (compat=${compat})`, () => {
        const decoded = decodeCaptureSigs(capture, compat);
        expect(decoded.error).toBeNull();
        const oracle = oracleSigs(oracleLogPath(capture));
        const missing = unmatchedOracleSigs(oracle, decoded.sigs).map((o) => ({ line: o.line, computed: decoded.sigs.get(o.key) ?? [] }));
        expect(missing).toEqual([]);
      });
    }
  }
});

// Expected strings are the [V] examples of the spec (observed from p0f 3.09b).
describe('formatTcpRawSig details', () => {
  it('prints * for the MSS of a SYN+ACK echoing the sendsyn MSS 1331', () => {
    const pkt = decodeRaw({ flags: TcpFlag.syn | TcpFlag.ack, ack: 5, ipId: 0, window: 5324, options: [tcpOpt.mss(1331), tcpOpt.sok(), tcpOpt.eolPad(1)] });
    expect(formatTcpRawSig(pkt.tcp, 1331, true)).toBe('4:64+0:0:*:mss*4,0:mss,sok,eol+1:df:0');
    expect(formatTcpRawSig(pkt.tcp, 1331, false)).toBe('4:64+0:0:1331:mss*4,0:mss,sok,eol+1:df:0');
  });

  it('uses the TTL guess with +? beyond 35 hops', () => {
    const pkt = decodeRaw({ ttl: 192, df: false, ipId: 7, window: 1337, options: [tcpOpt.mss(1331), tcpOpt.nop(), tcpOpt.eolPad(18)] });
    expect(formatTcpRawSig(pkt.tcp, 0, false)).toBe('4:192+?:0:1331:1337,0:mss,nop,eol+18::0');
  });

  it('detects mtu*N via MSS + total header length with IP options', () => {
    const pkt = decodeRaw({
      ipOptions: 20, ipId: 1, window: 3216, options: [tcpOpt.mss(1000), tcpOpt.sok(), tcpOpt.nop(), tcpOpt.ws(7), tcpOpt.eolPad(1)],
    });
    expect(formatTcpRawSig(pkt.tcp, 0, false)).toBe('4:64+0:20:1000:mtu*3,7:mss,sok,nop,ws,eol+1:df,id+:0');
  });

  it('prints IPv6 ecn and flow quirks', () => {
    const pkt = decodeRaw({
      ipVersion: 6, flowLabel: 0x12345, ecn: 1, window: 24400,
      options: [tcpOpt.mss(1220), tcpOpt.sok(), tcpOpt.ts(5, 0), tcpOpt.nop(), tcpOpt.ws(7)],
    });
    expect(formatTcpRawSig(pkt.tcp, 0, false)).toBe('6:64+0:0:1220:mss*20,7:mss,sok,ts,nop,ws:ecn,flow:0');
  });
});
