/** Test support: builds pcapng images block by block, in either byte order. */

export interface NgInterface {
  readonly linkType: number;
  readonly snaplen?: number;
  /** Raw if_tsresol byte (default: none, i.e. microseconds). */
  readonly tsresol?: number;
}

export interface NgPacket {
  readonly interfaceId: number;
  /** Timestamp in the interface's units. */
  readonly timestamp: bigint;
  readonly data: Uint8Array;
  readonly originalLength?: number;
}

export class PcapngBuilder {
  private readonly blocks: Uint8Array[] = [];

  constructor(private readonly littleEndian = true) {}

  private block(type: number, body: Uint8Array): Uint8Array {
    const padded = (body.length + 3) & ~3;
    const total = 12 + padded;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, type, this.littleEndian);
    dv.setUint32(4, total, this.littleEndian);
    out.set(body, 8);
    dv.setUint32(total - 4, total, this.littleEndian);
    this.blocks.push(out);
    return out;
  }

  section(): this {
    const body = new Uint8Array(16);
    const dv = new DataView(body.buffer);
    dv.setUint32(0, 0x1a2b3c4d, this.littleEndian);
    dv.setUint16(4, 1, this.littleEndian);
    dv.setUint16(6, 0, this.littleEndian);
    dv.setInt32(8, -1, this.littleEndian);
    dv.setInt32(12, -1, this.littleEndian);
    this.block(0x0a0d0d0a, body);
    return this;
  }

  iface(i: NgInterface): this {
    const opts = i.tsresol === undefined ? new Uint8Array(0) : Uint8Array.of(...this.u16(9), ...this.u16(1), i.tsresol, 0, 0, 0, 0, 0, 0, 0);
    const body = new Uint8Array(8 + opts.length);
    const dv = new DataView(body.buffer);
    dv.setUint16(0, i.linkType, this.littleEndian);
    dv.setUint32(4, i.snaplen ?? 262144, this.littleEndian);
    body.set(opts, 8);
    this.block(1, body);
    return this;
  }

  packet(p: NgPacket): this {
    const padded = (p.data.length + 3) & ~3;
    const body = new Uint8Array(20 + padded);
    const dv = new DataView(body.buffer);
    dv.setUint32(0, p.interfaceId, this.littleEndian);
    dv.setUint32(4, Number(p.timestamp >> 32n), this.littleEndian);
    dv.setUint32(8, Number(p.timestamp & 0xffffffffn), this.littleEndian);
    dv.setUint32(12, p.data.length, this.littleEndian);
    dv.setUint32(16, p.originalLength ?? p.data.length, this.littleEndian);
    body.set(p.data, 20);
    this.block(6, body);
    return this;
  }

  simplePacket(data: Uint8Array): this {
    const body = new Uint8Array(4 + ((data.length + 3) & ~3));
    new DataView(body.buffer).setUint32(0, data.length, this.littleEndian);
    body.set(data, 4);
    this.block(3, body);
    return this;
  }

  /** A block of a type the reader must skip. */
  other(type: number, size: number): this {
    this.block(type, new Uint8Array(size).fill(0x5a));
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.blocks.push(bytes);
    return this;
  }

  private u16(v: number): number[] {
    return this.littleEndian ? [v & 0xff, v >>> 8] : [v >>> 8, v & 0xff];
  }

  build(): Uint8Array {
    const total = this.blocks.reduce((n, b) => n + b.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const b of this.blocks) {
      out.set(b, o);
      o += b.length;
    }
    return out;
  }
}
