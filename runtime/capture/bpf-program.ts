/**
 * A classic BPF interpreter for the programs libpcap's compiler emits, so a capture filter
 * selects exactly what tcpdump would select on the same file.
 */

export interface BpfProgram {
  readonly code: Uint16Array;
  readonly jt: Uint8Array;
  readonly jf: Uint8Array;
  readonly k: Uint32Array;
}

/** From libpcap's flat (code, jt, jf, k) quadruples. */
export function bpfProgramFromInsns(insns: Uint32Array): BpfProgram {
  const n = insns.length >>> 2;
  const code = new Uint16Array(n);
  const jt = new Uint8Array(n);
  const jf = new Uint8Array(n);
  const k = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    code[i] = insns[i * 4];
    jt[i] = insns[i * 4 + 1];
    jf[i] = insns[i * 4 + 2];
    k[i] = insns[i * 4 + 3];
  }
  return { code, jt, jf, k };
}

const mem = new Uint32Array(16);

/**
 * Runs `program` over `packet` (the captured bytes) whose wire length is `wireLength`.
 * Returns the program's verdict: 0 = reject, otherwise the snap length to keep.
 * An out-of-bounds load or a division by zero rejects, as in libpcap's bpf_filter().
 */
export function runBpf(program: BpfProgram, packet: Uint8Array, wireLength: number): number {
  const { code, jt, jf, k } = program;
  const n = code.length;
  const buflen = packet.length;
  let a = 0;
  let x = 0;
  let pc = 0;
  while (pc < n) {
    const op = code[pc];
    const kk = k[pc];
    switch (op) {
      // --- loads into A
      case 0x20: { // ld [k] (word)
        if (kk > buflen - 4 || buflen < 4) return 0;
        a = ((packet[kk] << 24) | (packet[kk + 1] << 16) | (packet[kk + 2] << 8) | packet[kk + 3]) >>> 0;
        break;
      }
      case 0x28: // ldh [k]
        if (kk > buflen - 2 || buflen < 2) return 0;
        a = (packet[kk] << 8) | packet[kk + 1];
        break;
      case 0x30: // ldb [k]
        if (kk >= buflen) return 0;
        a = packet[kk];
        break;
      case 0x40: { // ld [x + k]
        const at = x + kk;
        if (at > 0xffffffff || at + 4 > buflen) return 0;
        a = ((packet[at] << 24) | (packet[at + 1] << 16) | (packet[at + 2] << 8) | packet[at + 3]) >>> 0;
        break;
      }
      case 0x48: { // ldh [x + k]
        const at = x + kk;
        if (at > 0xffffffff || at + 2 > buflen) return 0;
        a = (packet[at] << 8) | packet[at + 1];
        break;
      }
      case 0x50: { // ldb [x + k]
        const at = x + kk;
        if (at >= buflen) return 0;
        a = packet[at];
        break;
      }
      case 0x80: // ld #len
        a = wireLength >>> 0;
        break;
      case 0x00: // ld #k
        a = kk;
        break;
      case 0x60: // ld M[k]
        a = mem[kk & 15];
        break;
      // --- loads into X
      case 0x01: // ldx #k
        x = kk;
        break;
      case 0x81: // ldx #len
        x = wireLength >>> 0;
        break;
      case 0x61: // ldx M[k]
        x = mem[kk & 15];
        break;
      case 0xb1: // ldxb 4*([k]&0xf)
        if (kk >= buflen) return 0;
        x = (packet[kk] & 0x0f) << 2;
        break;
      // --- stores
      case 0x02:
        mem[kk & 15] = a;
        break;
      case 0x03:
        mem[kk & 15] = x;
        break;
      // --- ALU with K
      case 0x04: a = (a + kk) >>> 0; break;
      case 0x14: a = (a - kk) >>> 0; break;
      case 0x24: a = Math.imul(a, kk) >>> 0; break;
      case 0x34: if (kk === 0) return 0; a = Math.floor(a / kk) >>> 0; break;
      case 0x94: if (kk === 0) return 0; a = a % kk; break;
      case 0x44: a = (a | kk) >>> 0; break;
      case 0x54: a = (a & kk) >>> 0; break;
      case 0xa4: a = (a ^ kk) >>> 0; break;
      case 0x64: a = kk >= 32 ? 0 : (a << kk) >>> 0; break;
      case 0x74: a = kk >= 32 ? 0 : a >>> kk; break;
      // --- ALU with X
      case 0x0c: a = (a + x) >>> 0; break;
      case 0x1c: a = (a - x) >>> 0; break;
      case 0x2c: a = Math.imul(a, x) >>> 0; break;
      case 0x3c: if (x === 0) return 0; a = Math.floor(a / x) >>> 0; break;
      case 0x9c: if (x === 0) return 0; a = a % x; break;
      case 0x4c: a = (a | x) >>> 0; break;
      case 0x5c: a = (a & x) >>> 0; break;
      case 0xac: a = (a ^ x) >>> 0; break;
      case 0x6c: a = x >= 32 ? 0 : (a << x) >>> 0; break;
      case 0x7c: a = x >= 32 ? 0 : a >>> x; break;
      case 0x84: a = (-a) >>> 0; break;
      // --- jumps
      case 0x05: pc += kk; break;
      case 0x15: pc += a === kk ? jt[pc] : jf[pc]; break;
      case 0x25: pc += a > kk ? jt[pc] : jf[pc]; break;
      case 0x35: pc += a >= kk ? jt[pc] : jf[pc]; break;
      case 0x45: pc += (a & kk) !== 0 ? jt[pc] : jf[pc]; break;
      case 0x1d: pc += a === x ? jt[pc] : jf[pc]; break;
      case 0x2d: pc += a > x ? jt[pc] : jf[pc]; break;
      case 0x3d: pc += a >= x ? jt[pc] : jf[pc]; break;
      case 0x4d: pc += (a & x) !== 0 ? jt[pc] : jf[pc]; break;
      // --- returns
      case 0x06: return kk;
      case 0x16: return a;
      case 0x0e: return x;
      // --- misc
      case 0x07: x = a; break;
      case 0x87: a = x; break;
      default:
        // Unknown opcode (e.g. a Linux-only ancillary load): reject, as an invalid program would.
        return 0;
    }
    pc++;
  }
  return 0;
}
