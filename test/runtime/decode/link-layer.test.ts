import { describe, expect, it } from 'vitest';
import { openCaptureFile } from '../../../runtime/capture/capture-file.js';
import { isCaptureError } from '../../../runtime/capture/capture-record.js';
import { writePcap, type PcapWriteRecord } from '../../../runtime/capture/pcap-writer.js';
import { LinkLayer, type DecodeWarning } from '../../../runtime/decode/link-layer.js';
import { buildTcpPacket, wrapEthernet } from '../../../runtime/synth/packet-builder.js';
import { CRAFTED_DIR, decodeCaptureSigs, oracleLogPath, oracleSigs } from './corpus-packets.js';
import { rawSigsByKey, runRealP0f } from './run-p0f.js';

describe('LinkLayer offsets', () => {
  const ip = buildTcpPacket({});
  it('uses p0f’s table under compat and the real header sizes otherwise', () => {
    const compat = new LinkLayer(true, []);
    const fixed = new LinkLayer(false, []);
    const frame = new Uint8Array(100);
    for (const [lt, c, f] of [[101, 0, 0], [0, 4, 4], [9, 4, 4], [108, 8, 4], [50, 8, 4], [51, 8, 8], [1, 14, 14], [113, 16, 16], [117, 28, 28], [105, 32, 32]] as const) {
      expect([lt, compat.locate(frame, frame.length, lt)]).toEqual([lt, c]);
      expect([lt, fixed.locate(frame, frame.length, lt)]).toEqual([lt, f]);
    }
  });

  it('skips single and double VLAN tags only in default mode', () => {
    for (const tags of [[7], [7, 8], [7, 8, 9]]) {
      const frame = wrapEthernet(ip, { vlanIds: tags });
      expect(new LinkLayer(false, []).locate(frame, frame.length, 1)).toBe(14 + 4 * tags.length);
      expect(new LinkLayer(true, []).locate(frame, frame.length, 1)).toBe(14);
    }
  });

  it('applies p0f’s VLAN adjustment to an auto-detected offset literally', () => {
    const warnings: DecodeWarning[] = [];
    const frame = new Uint8Array(12 + ip.length);
    frame.set([0x81, 0x00], 8);
    frame.set(ip, 12);
    expect(new LinkLayer(true, warnings).locate(frame, frame.length, 4242)).toBe(8);
    expect(warnings).toEqual([]);
  });
});

describe('SLL2 with a misleading first frame (D5)', () => {
  const file = `${CRAFTED_DIR}/linktype_sll2_misdetect.pcap`;
  it('p0f (and compat) recognise nothing; the default mode decodes every SYN like p0f does on the bare IP packets', () => {
    expect(oracleSigs(oracleLogPath(file))).toEqual([]);
    expect([...decodeCaptureSigs(file, true).sigs.values()].flat()).toEqual([]);

    // The same packets with the 20-byte SLL2 header removed, as DLT_RAW, through the real p0f.
    const opened = openCaptureFile(file);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const raw: PcapWriteRecord[] = [];
    for (let r = opened.reader.next(); r !== null && !isCaptureError(r); r = opened.reader.next()) {
      raw.push({ seconds: r.seconds, microseconds: r.microseconds, data: r.data.slice(20) });
    }
    const expected = rawSigsByKey(runRealP0f(writePcap(101, raw)).logLines);
    expect(expected.size).toBeGreaterThan(5);

    const ours = decodeCaptureSigs(file, false).sigs;
    for (const [key, sig] of expected) expect({ key, sig: ours.get(key)?.includes(sig) }).toEqual({ key, sig: true });
  });
});
