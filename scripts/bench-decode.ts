/**
 * Micro-benchmark of the packet side: decode ~1M synthetic SYN records held in memory,
 * (a) decoder + raw_sig-free observation only, (b) pcap reader + BPF filter + decoder.
 * Run: npx tsx scripts/bench-decode.ts [records]
 */
import { compileCaptureFilter, runBpf } from '../runtime/capture/bpf-filter.js';
import { openCaptureBytes } from '../runtime/capture/capture-file.js';
import { isCaptureError, newCaptureRecord } from '../runtime/capture/capture-record.js';
import { writePcap } from '../runtime/capture/pcap-writer.js';
import { DecodedPacket, PacketDecoder } from '../runtime/decode/decode-packet.js';
import { buildTcpPacket, tcpOpt, wrapEthernet } from '../runtime/synth/packet-builder.js';

const total = Number(process.argv[2] ?? 1_000_000);

// 256 distinct SYNs with realistic option sets (IPv4 and IPv6).
const frames: Uint8Array[] = [];
for (let i = 0; i < 256; i++) {
  const v6 = i % 4 === 3;
  frames.push(
    wrapEthernet(
      buildTcpPacket({
        ipVersion: v6 ? 6 : 4,
        src: v6 ? `2001:db8::${i.toString(16)}` : `10.0.${i}.1`,
        dst: v6 ? '2001:db8::ffff' : '10.255.0.1',
        srcPort: 30000 + i,
        dstPort: 443,
        ttl: 64 - (i % 10),
        ipId: i * 77,
        window: 29200 + (i % 3) * 1460,
        options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(i * 1000 + 1, 0), tcpOpt.nop(), tcpOpt.ws(7)],
      }),
    ),
  );
}

function report(label: string, n: number, ns: bigint): void {
  const seconds = Number(ns) / 1e9;
  console.log(`${label}: ${n} packets in ${seconds.toFixed(3)} s = ${Math.round(n / seconds).toLocaleString('en-US')} packets/s`);
}

// (a) decoder only, over a reused record.
{
  const decoder = new PacketDecoder({ compat: false });
  const out = new DecodedPacket();
  const rec = newCaptureRecord();
  rec.linkType = 1;
  let ok = 0;
  for (let warm = 0; warm < 100_000; warm++) {
    rec.data = frames[warm & 255];
    rec.capturedLength = rec.originalLength = rec.data.length;
    decoder.decode(rec, out);
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const f = frames[i & 255];
    rec.data = f;
    rec.capturedLength = f.length;
    rec.originalLength = f.length;
    rec.seconds = 1_700_000_000 + (i >>> 10);
    rec.microseconds = i & 1023;
    if (decoder.decode(rec, out) === 'ok') ok++;
  }
  const t1 = process.hrtime.bigint();
  if (ok !== total) throw new Error(`decoded ${ok} of ${total}`);
  report('decode only             ', total, t1 - t0);
}

// (b) pcap bytes in memory → reader → p0f's default BPF filter → decoder.
{
  const pcap = writePcap(1, Array.from({ length: total }, (_, i) => ({ seconds: 1_700_000_000 + (i >>> 10), microseconds: i & 1023, data: frames[i & 255] })));
  const compiled = compileCaptureFilter(1, null, false);
  if (!compiled.ok) throw new Error(compiled.error.pcapMessage);
  const program = compiled.filter.program;
  const opened = openCaptureBytes(pcap, 'bench.pcap');
  if (!opened.ok) throw new Error(opened.error.message);
  const decoder = new PacketDecoder({ compat: false });
  const out = new DecodedPacket();
  let ok = 0;
  const t0 = process.hrtime.bigint();
  for (let r = opened.reader.next(); r !== null; r = opened.reader.next()) {
    if (isCaptureError(r)) throw new Error(r.message);
    if (runBpf(program, r.data, r.originalLength) === 0) continue;
    if (decoder.decode(r, out) === 'ok') ok++;
  }
  const t1 = process.hrtime.bigint();
  if (ok !== total) throw new Error(`decoded ${ok} of ${total}`);
  report('read + filter + decode  ', total, t1 - t0);
}
