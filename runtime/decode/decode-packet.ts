import type { CaptureRecord } from '../capture/capture-record.js';
import type { DecodedPacket, DecodeStatus } from './decoded-packet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { LinkLayer, type DecodeWarning } from './link-layer.js';
import { decodeTcp } from './tcp.js';

export { DecodedPacket, type DecodeStatus } from './decoded-packet.js';
export type { DecodeWarning } from './link-layer.js';

/** p0f never looks at more than this many bytes of a packet. */
const SNAPLEN = 65535;

export interface PacketDecoderOptions {
  /** Reproduce p0f 3.09b's link-layer handling exactly (see docs/deviations.md). */
  readonly compat: boolean;
}

/**
 * Turns a captured frame into a DecodedPacket (link → IP → TCP → options), applying
 * p0f's drop rules. One instance per capture: link-offset detection is sticky, and the
 * two one-time warnings are collected for the CLI (`takeWarnings`).
 */
export class PacketDecoder {
  private readonly warnings: DecodeWarning[] = [];
  private readonly link: LinkLayer;
  private warnedVersion = false;

  constructor(options: PacketDecoderOptions) {
    this.link = new LinkLayer(options.compat, this.warnings);
  }

  decode(record: CaptureRecord, out: DecodedPacket): DecodeStatus {
    const data = record.data;
    let len = record.originalLength < record.capturedLength ? record.originalLength : record.capturedLength;
    if (len > data.length) len = data.length;
    if (len > SNAPLEN) len = SNAPLEN;
    const at = this.link.locate(data, len, record.linkType);
    if (at < 0) return 'too-short';
    len -= at;
    if (len < 40) return 'too-short';
    const version = data[at] >>> 4;
    let status: DecodeStatus;
    if (version === 4) status = decodeIpv4(data, at, len, out);
    else if (version === 6) status = decodeIpv6(data, at, len, out);
    else {
      if (!this.warnedVersion) {
        this.warnedVersion = true;
        this.warnings.push({ kind: 'unknown-packet-type', message: `Unknown packet type ${version}, link detection issue?` });
      }
      return 'not-ip';
    }
    if (status !== 'ok') return status;
    status = decodeTcp(data, out);
    if (status !== 'ok') return status;
    out.tcp.receivedMs = record.seconds * 1000 + Math.floor(record.microseconds / 1000);
    return 'ok';
  }

  /** Warnings produced since the last call (each kind at most once per decoder). */
  takeWarnings(): DecodeWarning[] {
    return this.warnings.splice(0, this.warnings.length);
  }
}
