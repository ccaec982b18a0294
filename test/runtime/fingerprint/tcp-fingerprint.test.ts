import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { formatTcpRawSig } from '../../../runtime/fingerprint/raw-sig.js';
import { copyTcpObservation, isSendsynProbe, tcpFingerprintKind } from '../../../runtime/fingerprint/tcp-fingerprint.js';
import { TcpObservation } from '../../../runtime/fingerprint/tcp-types.js';
import { buildTcpPacket, tcpOpt, TcpFlag } from '../../../runtime/synth/packet-builder.js';

function decode(data: Uint8Array, out = new DecodedPacket()): DecodedPacket {
  expect(new PacketDecoder({ compat: true }).decode({ data, capturedLength: data.length, originalLength: data.length, seconds: 1, microseconds: 0, linkType: 101 }, out)).toBe('ok');
  return out;
}

describe('tcpFingerprintKind', () => {
  it('selects pure SYN and SYN+ACK; PSH/URG/ECE/CWR do not change the type', () => {
    expect(tcpFingerprintKind(TcpFlag.syn)).toBe('syn');
    expect(tcpFingerprintKind(TcpFlag.syn | TcpFlag.ack)).toBe('syn+ack');
    expect(tcpFingerprintKind(TcpFlag.ack)).toBeNull();
    expect(tcpFingerprintKind(TcpFlag.rst | TcpFlag.ack)).toBeNull();
    expect(tcpFingerprintKind(decode(buildTcpPacket({ flags: TcpFlag.syn | TcpFlag.psh | TcpFlag.ece })).tcpType)).toBe('syn');
  });
});

describe('isSendsynProbe', () => {
  it('needs both window 1337 and MSS 1331', () => {
    expect(isSendsynProbe(decode(buildTcpPacket({ window: 1337, options: [tcpOpt.mss(1331)] })).tcp)).toBe(true);
    expect(isSendsynProbe(decode(buildTcpPacket({ window: 1337, options: [tcpOpt.mss(1330)] })).tcp)).toBe(false);
    expect(isSendsynProbe(decode(buildTcpPacket({ window: 1336, options: [tcpOpt.mss(1331)] })).tcp)).toBe(false);
  });
});

describe('copyTcpObservation', () => {
  it('keeps an observation intact after the decoder reuses its instance', () => {
    const out = new DecodedPacket();
    decode(buildTcpPacket({ ttl: 57, ipId: 3, window: 29200, options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(77, 0), tcpOpt.nop(), tcpOpt.ws(7)] }), out);
    const before = formatTcpRawSig(out.tcp, 0, false);
    const kept = copyTcpObservation(out.tcp, new TcpObservation());
    decode(buildTcpPacket({ ipVersion: 6, ttl: 128, window: 8192, options: [tcpOpt.nop()] }), out);
    expect(formatTcpRawSig(kept, 0, false)).toBe(before);
    expect(kept.ts1).toBe(77);
    expect(kept.receivedMs).toBe(1000);
    expect(formatTcpRawSig(out.tcp, 0, false)).not.toBe(before);
  });
});
