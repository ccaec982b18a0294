import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { isSendsynProbe } from '../../../runtime/fingerprint/tcp-fingerprint.js';
import { buildTcpPacket, tcpOpt } from '../../../runtime/synth/packet-builder.js';

function decode(data: Uint8Array, out = new DecodedPacket()): DecodedPacket {
  expect(new PacketDecoder({ compat: true }).decode({ data, capturedLength: data.length, originalLength: data.length, seconds: 1, microseconds: 0, linkType: 101 }, out)).toBe('ok');
  return out;
}

describe('isSendsynProbe', () => {
  it('needs both window 1337 and MSS 1331', () => {
    expect(isSendsynProbe(decode(buildTcpPacket({ window: 1337, options: [tcpOpt.mss(1331)] })).tcp)).toBe(true);
    expect(isSendsynProbe(decode(buildTcpPacket({ window: 1337, options: [tcpOpt.mss(1330)] })).tcp)).toBe(false);
    expect(isSendsynProbe(decode(buildTcpPacket({ window: 1336, options: [tcpOpt.mss(1331)] })).tcp)).toBe(false);
  });
});
