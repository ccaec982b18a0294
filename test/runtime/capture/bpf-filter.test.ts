import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePcap } from '../../../runtime/capture/pcap-writer.js';
import { buildTcpPacket, wrapEthernet } from '../../../runtime/synth/packet-builder.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureBytes, openCaptureFile } from '../../../runtime/capture/capture-file.js';
import { CaptureFilterSet, compileBpf, compileCaptureFilter, linkTypeToDlt, runBpf, type BpfProgram } from '../../../runtime/capture/bpf-filter.js';
import { isCaptureError, type CaptureReader } from '../../../runtime/capture/capture-record.js';
import { corpusCaptures } from '../decode/corpus-packets.js';

const tmp = mkdtempSync(join(tmpdir(), 'p0f-ts-bpf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function drain(reader: CaptureReader, keep: (data: Uint8Array, wire: number) => boolean): string[] {
  const out: string[] = [];
  for (;;) {
    const r = reader.next();
    if (r === null) break;
    if (isCaptureError(r)) throw new Error(r.message);
    if (keep(r.data, r.originalLength)) out.push(`${r.seconds}.${r.microseconds}:${Buffer.from(r.data).toString('hex')}`);
  }
  reader.close();
  return out;
}

/** What tcpdump (libpcap's own bpf_filter) selects from the file. */
function tcpdumpSelects(file: string, expr: string): string[] {
  const bytes = execFileSync('tcpdump', ['-r', file, '-w', '-', '--', expr], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  const opened = openCaptureBytes(new Uint8Array(bytes));
  if (!opened.ok) throw new Error(opened.error.message);
  return drain(opened.reader, () => true);
}

function weSelect(file: string, program: BpfProgram): string[] {
  const opened = openCaptureFile(file);
  if (!opened.ok) throw new Error(opened.error.message);
  return drain(opened.reader, (data, wire) => runBpf(program, data, wire) !== 0);
}

function fileLinkType(file: string): number {
  const opened = openCaptureFile(file);
  if (!opened.ok) throw new Error(opened.error.message);
  opened.reader.next();
  const lt = opened.reader.linkType;
  opened.reader.close();
  return lt;
}

const EXPRESSIONS = [
  'tcp',
  'tcp or (vlan and tcp)',
  'tcp[tcpflags] & tcp-syn != 0',
  'tcp and (port 80 or portrange 1000-2000)',
  'ip6 and tcp',
  'tcp and not src net 172.16.0.0/12',
  'len > 100 and tcp[13] & 0x12 = 0x12',
  'ip[8] < 64 or ip6[7] < 64',
  '(tcp and (dst port 80)) or (vlan and tcp and (dst port 80))',
];

/** Files that get every expression; the rest get p0f's default filters. */
const DEEP = new Set(['malformed.pcap', 'linktype_null.pcap', 'linktype_raw.pcap', 'linktype_sll2.pcap', 'tcp_fuzzy.pcap', 'pcapng-dumpcap-v4.pcapng', 'any-sll-v6.pcap']);

describe('runBpf over libpcap-compiled filters selects what tcpdump selects', () => {
  for (const file of corpusCaptures()) {
    const name = file.split('/').pop() ?? file;
    it(name, () => {
      const linkType = fileLinkType(file);
      const expressions = DEEP.has(name) ? EXPRESSIONS : EXPRESSIONS.slice(0, 2);
      let compared = 0;
      for (const expr of expressions) {
        const compiled = compileBpf(linkType, expr, file);
        if (!compiled.ok) continue; // vlan on non-Ethernet: tcpdump rejects it too
        expect({ expr, selected: weSelect(file, compiled.program) }).toEqual({ expr, selected: tcpdumpSelects(file, expr) });
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }

  it('without the file, DLT_NULL follows the live rule (AF 10) — why p0f -r needs the file form', () => {
    const file = corpusCaptures().find((f) => f.endsWith('linktype_null.pcap')) ?? '';
    const dead = compileBpf(0, 'ip6 and tcp');
    expect(dead.ok).toBe(true);
    if (dead.ok) expect(weSelect(file, dead.program)).not.toEqual(tcpdumpSelects(file, 'ip6 and tcp'));
  });
});

/** Expressions that make libpcap emit arithmetic, indirect loads and X-register jumps. */
const ARITHMETIC = [
  'tcp[((tcp[12] & 0xf0) >> 2)] = 0x47', 'ip[2:2] * 2 > 100', 'ip[2:2] / 3 = 20', 'ip[2:2] % 7 = 1', 'ip[2:2] ^ 0xff = 0x0f',
  'ip[2:2] << 1 > 200', '(ip[6:2] & 0x1fff) + 3 - ip[0] = 1', 'len - 14 >= 60', 'ip[2:2] - ip[8] > ip[9]', 'ip[1] | 2 = 2',
  'tcp[4:4] > 0x80000000', 'ip[2:2] * ip[8] > 1000', 'ip[2:2] / ip[9] > 10', 'ip[2:2] % ip[9] = 2', 'ip[2:2] & ip[8] = 0',
  'ip[2:2] | ip[8] = 0', '(ip[2:2] ^ ip[8]) = 5', '(ip[2:2] << ip[9]) > 5', '(ip[2:2] >> ip[9]) > 5', '-ip[8] = 0xffffffc0',
  'ip[8] >= 64', 'ip[8] > ip[9]', 'ip[8] >= ip[9]', '(ip[8] & ip[9]) != 0', 'len > ip[2:2]', 'ip[2:2] = len - 14',
];

describe('runBpf arithmetic and indirect opcodes', () => {
  it('the expressions reach every ALU, load and jump form libpcap emits here', () => {
    const seen = new Set<number>();
    for (const e of ARITHMETIC) {
      const c = compileBpf(1, e);
      expect({ e, ok: c.ok }).toEqual({ e, ok: true });
      if (c.ok) for (const op of c.program.code) seen.add(op);
    }
    for (const op of [0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x94, 0x9c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c, 0xa4, 0xac, 0x84, 0x1d, 0x2d, 0x3d, 0x40, 0x50, 0xb1, 0x80, 0x02, 0x60, 0x07]) {
      expect({ op, seen: seen.has(op) }).toEqual({ op, seen: true });
    }
  });
  for (const name of ['tcp_fuzzy.pcap', 'http_edge.pcap']) {
    it(`${name}: same selection as tcpdump for every expression`, () => {
      const file = corpusCaptures().find((f) => f.endsWith(`/${name}`)) ?? '';
      for (const expr of ARITHMETIC) {
        const compiled = compileBpf(1, expr, file);
        expect(compiled.ok).toBe(true);
        if (compiled.ok) expect({ expr, selected: weSelect(file, compiled.program) }).toEqual({ expr, selected: tcpdumpSelects(file, expr) });
      }
    });
  }
});

describe('compileCaptureFilter', () => {
  it('uses the VLAN form and banner on Ethernet', () => {
    const r = compileCaptureFilter(1, null, true);
    expect(r.ok && r.filter.expression).toBe('tcp or (vlan and tcp)');
    expect(r.ok && r.filter.banner).toBe('[+] Default packet filtering configured [+VLAN].');
  });

  it('uses the plain form on other link types', () => {
    const r = compileCaptureFilter(101, null, false);
    expect(r.ok && r.filter.banner).toBe('[+] Default packet filtering configured.');
    const u = compileCaptureFilter(113, 'port 80', false);
    expect(u.ok && u.filter.expression).toBe('tcp and (port 80)');
    expect(u.ok && u.filter.banner).toBe('[+] Custom filtering rule enabled: port 80');
  });

  it('admits QinQ-tagged TCP only in default mode (the default decoder parses it)', () => {
    const frame = wrapEthernet(buildTcpPacket({ srcPort: 1234, dstPort: 80 }), { vlanIds: [10, 20] });
    const single = wrapEthernet(buildTcpPacket({ srcPort: 1234, dstPort: 80 }), { vlanIds: [10] });
    const compat = compileCaptureFilter(1, null, true);
    const fixed = compileCaptureFilter(1, null, false);
    expect(compat.ok && fixed.ok).toBe(true);
    if (compat.ok && fixed.ok) {
      expect(runBpf(compat.filter.program, frame, frame.length)).toBe(0);
      expect(runBpf(fixed.filter.program, frame, frame.length)).not.toBe(0);
      expect(runBpf(compat.filter.program, single, single.length)).not.toBe(0);
      expect(fixed.filter.banner).toBe(compat.filter.banner);
      // tcpdump agrees with both programs on the QinQ frame.
      const file = join(tmp, 'qinq.pcap');
      writeFileSync(file, writePcap(1, [{ seconds: 1, microseconds: 0, data: frame }]));
      expect(tcpdumpSelects(file, compat.filter.expression)).toEqual([]);
      expect(tcpdumpSelects(file, fixed.filter.expression)).toHaveLength(1);
    }
  });

  it('wraps a user rule in both forms on Ethernet', () => {
    const r = compileCaptureFilter(1, 'port 80', true);
    expect(r.ok && r.filter.expression).toBe('(tcp and (port 80)) or (vlan and tcp and (port 80))');
    expect(r.ok && r.filter.banner).toBe('[+] Custom filtering rule enabled: port 80 [+VLAN]');
  });

  for (const bad of ['tcp and and', 'port 99999', 'vlan and ip6 and host']) {
    it(`reports "${bad}" as a value with the message p0f prints`, () => {
      const file = corpusCaptures().find((f) => f.endsWith('crafted/http.pcap')) ?? '';
      const p0f = spawnSync('/usr/sbin/p0f', ['-r', file, bad], { encoding: 'utf8', cwd: tmpdir() });
      const expected = /\[-\] pcap_compile: (.*)/.exec(p0f.stdout + p0f.stderr)?.[1];
      expect(expected).toBeDefined();
      const r = compileCaptureFilter(1, bad, true, file);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.pcapMessage).toBe(expected);
        expect(p0f.stdout + p0f.stderr).toContain(r.error.message);
      }
    });
  }

  it('reports a link type libpcap cannot filter TCP on', () => {
    const r = compileCaptureFilter(14, null, true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("pcap_compile() didn't work, strange");
  });

  it('CaptureFilterSet compiles one program per link type (mixed-link pcapng)', () => {
    const ip = buildTcpPacket({ srcPort: 5, dstPort: 80 });
    const eth = wrapEthernet(ip);
    const set = new CaptureFilterSet('port 80', false);
    expect(set.accepts(eth, eth.length, 1)).toBe(true);
    expect(set.accepts(ip, ip.length, 101)).toBe(true);
    // The Ethernet program would reject the raw packet and vice versa.
    const ethOnly = compileCaptureFilter(1, 'port 80', false);
    expect(ethOnly.ok && runBpf(ethOnly.filter.program, ip, ip.length)).toBe(0);
    expect(set.accepts(eth, eth.length, 14)).toBe(false); // no TCP filter possible there
    expect(set.forLinkType(14).ok).toBe(false);
  });

  it('maps file LINKTYPEs to Linux DLTs', () => {
    expect(linkTypeToDlt(101)).toBe(12);
    expect(linkTypeToDlt(100)).toBe(11);
    expect(linkTypeToDlt(1)).toBe(1);
    expect(linkTypeToDlt(276)).toBe(276);
  });
});
