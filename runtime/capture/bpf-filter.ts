import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bpfProgramFromInsns, type BpfProgram } from './bpf-program.js';

import { runBpf } from './bpf-program.js';

export { runBpf, type BpfProgram } from './bpf-program.js';

/** Snap length p0f opens captures with; also what the filter is compiled for. */
const SNAPLEN = 65535;
const DLT_EN10MB = 1;

export interface CaptureFilter {
  readonly program: BpfProgram;
  /** The expression libpcap compiled. */
  readonly expression: string;
  /** True when the VLAN form was used. */
  readonly vlan: boolean;
  /** p0f's stdout line, e.g. `[+] Default packet filtering configured [+VLAN].` */
  readonly banner: string;
}

export interface CaptureFilterError {
  readonly kind: 'filter-error';
  /** libpcap's message (p0f prints it as `[-] pcap_compile: <message>`). */
  readonly pcapMessage: string;
  /** p0f's fatal message that follows it. */
  readonly message: string;
}

export type CompileFilterResult = { ok: true; filter: CaptureFilter } | { ok: false; error: CaptureFilterError };

interface NativeAddon {
  compileFilter(dlt: number, snaplen: number, expr: string, optimize: boolean): { insns: Uint32Array } | { error: string };
  /** Absent in addon builds older than this module. */
  compileFilterForFile?(path: string, expr: string, optimize: boolean): { insns: Uint32Array; dlt: number } | { error: string };
}

let addon: NativeAddon | null | undefined;
let addonProblem = 'the native libpcap helper (native/build/Release/p0f_native.node) is not built';

function loadAddon(): NativeAddon | null {
  if (addon !== undefined) return addon;
  const here = dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  addon = null;
  // Source tree (runtime/capture) and build output (dist/runtime/capture) sit at different depths.
  for (const up of ['../..', '../../..']) {
    const path = join(here, up, 'native/build/Release/p0f_native.node');
    if (!existsSync(path)) continue;
    try {
      addon = require(path) as NativeAddon;
    } catch (e) {
      addonProblem = `the native libpcap helper ${path} cannot be loaded: ${e instanceof Error ? e.message : String(e)}`;
    }
    break;
  }
  return addon;
}

/**
 * The libpcap DLT for a capture file's LINKTYPE, where they differ on Linux
 * (libpcap does this mapping when it opens a file).
 */
export function linkTypeToDlt(linkType: number): number {
  switch (linkType) {
    case 100: return 11; // ATM_RFC1483
    case 101: return 12; // RAW
    case 102: return 15; // SLIP_BSDOS
    case 103: return 16; // PPP_BSDOS
    case 106: return 19; // ATM_CLIP
    default: return linkType;
  }
}

/**
 * Compiles one expression with libpcap; an error is libpcap's message. With `capturePath`
 * it is compiled against that file, as p0f -r does: libpcap's code for a savefile differs
 * from a live handle's (DLT_NULL/LOOP accept the BSD AF_INET6 values and follow the file's
 * byte order). If libpcap cannot open the file (e.g. a pcapng with mixed link types), the
 * plain per-link-type compilation is used.
 */
export function compileBpf(
  linkType: number, expression: string, capturePath?: string,
): { ok: true; program: BpfProgram } | { ok: false; message: string; helperMissing?: true } {
  const native = loadAddon();
  if (!native) return { ok: false, message: addonProblem, helperMissing: true };
  // libpcap opens the file again for this: only a regular file can be read twice. From a
  // pipe (`-r /dev/stdin`) it would take data away from our own reader.
  if (capturePath !== undefined && native.compileFilterForFile && isRegularFile(capturePath)) {
    const onFile = native.compileFilterForFile(capturePath, expression, true);
    if ('insns' in onFile && onFile.dlt === linkTypeToDlt(linkType)) return { ok: true, program: bpfProgramFromInsns(onFile.insns) };
    // Otherwise libpcap could not open the file (or it is another interface's link type):
    // a real syntax error fails the same way below.
  }
  const result = native.compileFilter(linkTypeToDlt(linkType), SNAPLEN, expression, true);
  if ('error' in result) return { ok: false, message: result.error };
  return { ok: true, program: bpfProgramFromInsns(result.insns) };
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function expressionFor(userExpr: string | null, vlan: boolean, qinq: boolean): string {
  const tcp = userExpr === null ? 'tcp' : `tcp and (${userExpr})`;
  const paren = userExpr === null ? tcp : `(${tcp})`;
  if (!vlan) return tcp;
  // libpcap's `vlan` shifts the offsets of everything after it, so the double-tag test
  // has to nest inside the single-tag branch.
  if (qinq) return `${paren} or (vlan and (${paren} or (vlan and ${tcp})))`;
  return `${paren} or (vlan and ${tcp})`;
}

/**
 * p0f's capture filter (§1.5): TCP only, plus VLAN-tagged TCP on Ethernet, and the
 * user's expression if any. If the VLAN form does not compile, the plain form is tried.
 * Under `compat` the expression is p0f's; by default it also admits double-tagged (QinQ)
 * TCP, which the default decoder can parse (p0f's filter admits single tags it then cannot
 * parse). The banner is p0f's either way.
 * Pass `capturePath` when reading a file, so the program is libpcap's savefile variant.
 */
export function compileCaptureFilter(linkType: number, userExpr: string | null, compat: boolean, capturePath?: string): CompileFilterResult {
  let vlan = linkTypeToDlt(linkType) === DLT_EN10MB;
  let expression = expressionFor(userExpr, vlan, !compat);
  let compiled = compileBpf(linkType, expression, capturePath);
  if (!compiled.ok && vlan) {
    vlan = false;
    expression = expressionFor(userExpr, false, false);
    compiled = compileBpf(linkType, expression, capturePath);
  }
  if (!compiled.ok) {
    return {
      ok: false,
      error: {
        kind: 'filter-error',
        pcapMessage: compiled.message,
        // Without the helper nothing compiles, and p0f's own words would blame the filter.
        message: compiled.helperMissing === true
          ? 'capture filters need the native libpcap helper: build it with `npm run build` (needs libpcap-dev), or run scripts/setup.sh'
          : userExpr === null ? "pcap_compile() didn't work, strange" : "Syntax error! See 'man tcpdump' for help on filters.",
      },
    };
  }
  const suffix = vlan ? ' [+VLAN]' : '';
  const banner = userExpr === null ? `[+] Default packet filtering configured${suffix}.` : `[+] Custom filtering rule enabled: ${userExpr}${suffix}`;
  return { ok: true, filter: { program: compiled.program, expression, vlan, banner } };
}

/**
 * Capture filters per link type, compiled on first use: a pcapng file may hold interfaces
 * of different link types (docs/deviations.md D6), and each needs its own program.
 */
export class CaptureFilterSet {
  private readonly byLinkType = new Map<number, CompileFilterResult>();
  private lastLinkType = -1;
  private lastProgram: BpfProgram | null = null;

  constructor(
    private readonly userExpr: string | null,
    private readonly compat: boolean,
    private readonly capturePath?: string,
  ) {}

  forLinkType(linkType: number): CompileFilterResult {
    let result = this.byLinkType.get(linkType);
    if (!result) {
      result = compileCaptureFilter(linkType, this.userExpr, this.compat, this.capturePath);
      this.byLinkType.set(linkType, result);
    }
    return result;
  }

  /** Whether the packet passes; a link type whose filter does not compile passes nothing. */
  accepts(data: Uint8Array, wireLength: number, linkType: number): boolean {
    if (linkType !== this.lastLinkType) {
      const result = this.forLinkType(linkType);
      this.lastLinkType = linkType;
      this.lastProgram = result.ok ? result.filter.program : null;
    }
    return this.lastProgram !== null && runBpf(this.lastProgram, data, wireLength) !== 0;
  }
}
