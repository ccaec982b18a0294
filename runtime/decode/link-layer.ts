/**
 * Where the IP header starts for each link type (p0f §1.1), with p0f's auto-detection
 * for link types it does not know (§1.2). Under `compat` the offsets are p0f's, bugs
 * included; otherwise LOOP and PPP-in-HDLC use their real 4-byte headers, SLL2 and the
 * raw IPv4/IPv6 link types get fixed offsets, 802.1Q/QinQ tags on Ethernet are skipped,
 * and the variable PFLOG, 802.11 and radiotap headers are measured (docs/deviations.md D1–D9).
 */

export interface DecodeWarning {
  readonly kind: 'link-offset-not-found' | 'unknown-packet-type';
  /** p0f's wording, without the `[!] WARNING: ` prefix the CLI adds. */
  readonly message: string;
}

/** pcap LINKTYPE → IP header offset, as p0f 3.09b has it. */
const COMPAT_OFFSETS: ReadonlyMap<number, number> = new Map([
  [101, 0], [12, 0], [0, 4], [9, 4], [108, 8], [50, 8], [51, 8], [1, 14], [113, 16], [117, 28], [105, 32],
]);

/** Corrections for plain packet-handling bugs (docs/deviations.md). */
const FIXED_OFFSETS: ReadonlyMap<number, number> = new Map([
  ...COMPAT_OFFSETS,
  // DLT_LOOP carries a 4-byte address-family header, like DLT_NULL.
  [108, 4],
  // PPP in HDLC-like framing: address, control, 16-bit protocol.
  [50, 4],
  // Raw IPv4 / IPv6 and Linux cooked v2 have fixed headers; guessing them can go wrong.
  [228, 0], [229, 0], [276, 20],
  // Radiotap + 802.11: measured per frame in locate() (p0f's guess cannot reach that far).
  [127, 0],
]);

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_PFLOG = 117;
const LINKTYPE_IEEE802_11 = 105;
const LINKTYPE_IEEE802_11_RADIOTAP = 127;
/** p0f's fixed PFLOG offset; the real header says its own length in its first byte. */
const PFLOG_COMPAT_OFFSET = 28;

function isVlanTpid(hi: number, lo: number): boolean {
  return (hi === 0x81 && lo === 0x00) || (hi === 0x88 && lo === 0xa8) || (hi === 0x91 && lo === 0x00);
}

/**
 * Where an 802.11 data frame's IP packet starts: the MAC header (24 bytes, +6 with four
 * addresses, +2 for QoS, +4 for HT control) and then LLC/SNAP (8). p0f assumes 24 + 8.
 */
function ieee80211PayloadOffset(fc0: number, fc1: number): number {
  let header = 24;
  if ((fc1 & 0x03) === 0x03) header += 6;
  const qos = ((fc0 >>> 2) & 0x03) === 2 && (fc0 & 0x80) !== 0;
  if (qos) {
    header += 2;
    if (fc1 & 0x80) header += 4;
  }
  return header + 8;
}

export class LinkLayer {
  private readonly table: ReadonlyMap<number, number>;
  private cachedLinkType = -2;
  private cachedOffset = -1;
  /** Offset found by auto-detection; sticky once found, like p0f's process-wide value. */
  private detectedOffset = -1;
  private warnedNotFound = false;

  constructor(private readonly compat: boolean, private readonly warnings: DecodeWarning[]) {
    this.table = compat ? COMPAT_OFFSETS : FIXED_OFFSETS;
  }

  /**
   * Offset of the IP header in `data` (of which `len` bytes count), or -1 if the
   * packet is too short for its link header.
   */
  locate(data: Uint8Array, len: number, linkType: number): number {
    if (linkType !== this.cachedLinkType) {
      this.cachedLinkType = linkType;
      this.cachedOffset = this.table.get(linkType) ?? -1;
    }
    let offset = this.cachedOffset;
    if (offset < 0) {
      if (this.detectedOffset < 0) this.detectedOffset = this.findOffset(data, len);
      // Until detection succeeds, p0f parses from the start of the frame.
      offset = this.detectedOffset < 0 ? 0 : this.detectedOffset;
    } else if (!this.compat) {
      if (linkType === LINKTYPE_ETHERNET) {
        while (offset + 4 <= len && isVlanTpid(data[offset - 2], data[offset - 1])) offset += 4;
      } else if (linkType === LINKTYPE_PFLOG && len > 0) {
        // Word-aligned header length, as libpcap's own PFLOG filter code computes it.
        const header = (data[0] + 3) & ~3;
        if (header >= PFLOG_COMPAT_OFFSET) offset = header;
      } else if (linkType === LINKTYPE_IEEE802_11 && len >= 2) {
        offset = ieee80211PayloadOffset(data[0], data[1]);
      } else if (linkType === LINKTYPE_IEEE802_11_RADIOTAP) {
        // Radiotap states its own length (little-endian); an 802.11 frame follows.
        const radiotap = len >= 4 ? data[2] | (data[3] << 8) : len;
        offset = radiotap + 2 <= len ? radiotap + ieee80211PayloadOffset(data[radiotap], data[radiotap + 1]) : len + 1;
      }
    }
    return offset > len ? -1 : offset;
  }

  /** p0f's heuristic: first even offset with something that looks like an IPv6/IPv4 TCP header. */
  private findOffset(data: Uint8Array, len: number): number {
    let found = -1;
    for (let i = 0; i < 40; i += 2) {
      const rem = len - i;
      if (rem < 40) break;
      const nibble = data[i] >>> 4;
      if (rem >= 60 && nibble === 6 && data[i + 6] === 6) {
        found = i;
        break;
      }
      if (nibble === 4 && data[i + 9] === 6) {
        found = i;
        break;
      }
    }
    // p0f's VLAN adjustment, reproduced literally (it moves the offset *back* by 4).
    if (found >= 4 && data[found - 4] === 0x81 && data[found - 3] === 0x00) found -= 4;
    if (found < 0 && !this.warnedNotFound) {
      this.warnedNotFound = true;
      this.warnings.push({ kind: 'link-offset-not-found', message: 'Unable to find link-specific packet offset. This is bad.' });
    }
    return found;
  }
}
