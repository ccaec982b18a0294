/**
 * `p0f-ts explain (--raw-sig SIG [--syn|--syn-ack] [--peer-mss N] | --http-raw-sig SIG [--request|--response]
 *                  | -r CAPTURE --flow 'CLI/PORT->SRV/PORT') [-f DB] [--nearest N] [--format text|json]`
 *
 * Shows the winning signature with `file:line`, and the nearest signatures that did not
 * win with the field that failed. Exit codes: 0 explained, 1 nothing to explain (no such
 * flow), 2 usage/I/O or a database that does not load.
 */
import { readFile } from 'node:fs/promises';
import type { CliIo, CommandRunner } from '../../runtime/cli/cli-io.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { renderDiagnosticLine } from '../fmt/render-diagnostic-line.js';
import { loadDatabase } from '../model/load-database.js';
import { replayCapture } from '../diff/replay-corpus.js';
import { formatEndpoint } from '../../runtime/output/address-text.js';
import { explainHttp } from '../explain/explain-http.js';
import { explainTcp } from '../explain/explain-tcp.js';
import { parseHttpRawSig } from '../explain/parse-http-raw-sig.js';
import { explainTcpRawSig } from '../explain/explain-tcp-raw-sig.js';
import { httpExplanationJson, renderHttpExplanation, renderTcpExplanation, tcpExplanationJson } from '../explain/render-explanation.js';

const USAGE = [
  'usage: p0f-ts explain --raw-sig SIG [--syn | --syn-ack] [--peer-mss N] [-f DB]',
  '       p0f-ts explain --http-raw-sig SIG [--request | --response] [-f DB]',
  '       p0f-ts explain -r CAPTURE --flow CLI/PORT->SRV/PORT [-f DB]',
  '',
].join('\n');

type Mode =
  | { readonly kind: 'tcp'; readonly rawSig: string; readonly direction: 'request' | 'response'; readonly peerMss: number }
  | { readonly kind: 'http'; readonly rawSig: string; readonly direction: 'request' | 'response' }
  | { readonly kind: 'capture'; readonly capture: string; readonly flow: string };

interface ExplainOptions {
  readonly mode: Mode;
  readonly database: string;
  readonly nearest: number;
  readonly json: boolean;
}

function parseArgs(args: readonly string[]): ExplainOptions | string {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const takesValue = new Set(['--raw-sig', '--http-raw-sig', '--peer-mss', '-r', '--flow', '-f', '--nearest', '--format']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (takesValue.has(arg)) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      values.set(arg, value);
    } else if (['--syn', '--syn-ack', '--request', '--response'].includes(arg)) {
      flags.add(arg);
    } else {
      return `unexpected argument '${arg}'`;
    }
  }
  const database = values.get('-f') ?? '/etc/p0f/p0f.fp';
  const nearestText = values.get('--nearest') ?? '5';
  if (!/^\d{1,3}$/.test(nearestText)) return '--nearest must be a number';
  const nearest = Number(nearestText);
  const format = values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') return `--format must be text or json, not '${format}'`;
  const json = format === 'json';
  const modes = ['--raw-sig', '--http-raw-sig', '-r'].filter((k) => values.has(k));
  if (modes.length !== 1) return 'give exactly one of --raw-sig, --http-raw-sig or -r';
  if (flags.has('--syn') && flags.has('--syn-ack')) return '--syn and --syn-ack cannot be combined';
  if (flags.has('--request') && flags.has('--response')) return '--request and --response cannot be combined';
  if (values.has('--raw-sig')) {
    const peer = values.get('--peer-mss') ?? '0';
    if (!/^\d{1,5}$/.test(peer) || Number(peer) > 65535) return '--peer-mss must be 0..65535';
    return { database, nearest, json, mode: { kind: 'tcp', rawSig: values.get('--raw-sig') as string, direction: flags.has('--syn-ack') ? 'response' : 'request', peerMss: Number(peer) } };
  }
  if (values.has('--http-raw-sig')) {
    return { database, nearest, json, mode: { kind: 'http', rawSig: values.get('--http-raw-sig') as string, direction: flags.has('--response') ? 'response' : 'request' } };
  }
  const flow = values.get('--flow');
  if (flow === undefined) return '-r needs --flow CLI/PORT->SRV/PORT';
  if (!/^\S+\/\d+->\S+\/\d+$/.test(flow)) return `--flow must look like 10.0.0.1/51234->10.0.0.2/80, got '${flow}'`;
  return { database, nearest, json, mode: { kind: 'capture', capture: values.get('-r') as string, flow } };
}

async function load(file: string, io: CliIo): Promise<SignatureDatabase | null> {
  let text: string;
  try {
    text = await readFile(file, 'latin1');
  } catch (error) {
    io.writeError(`p0f-ts explain: cannot read '${file}': ${(error as Error).message}\n`);
    return null;
  }
  const loaded = loadDatabase(text, file);
  if (loaded.database === null) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) io.writeError(renderDiagnosticLine(d));
    io.writeError(`p0f-ts explain: '${file}' does not load\n`);
  }
  return loaded.database;
}

export const run: CommandRunner = async (args, io) => {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.writeError(`p0f-ts explain: ${options}\n${USAGE}`);
    return 2;
  }
  const db = await load(options.database, io);
  if (db === null) return 2;
  const mode = options.mode;
  if (mode.kind === 'tcp') {
    const list = mode.direction === 'request' ? db.tcpRequest : db.tcpResponse;
    const explained = explainTcpRawSig(list, mode.rawSig, mode.direction, mode.peerMss, options.nearest);
    if (!explained.ok) {
      io.writeError(`p0f-ts explain: bad raw_sig: ${explained.error}\n`);
      return 2;
    }
    io.write(options.json
      ? `${JSON.stringify(tcpExplanationJson(db, explained.explanation, mode.rawSig, explained.notes), null, 2)}\n`
      : renderTcpExplanation(db, explained.explanation, `${mode.direction === 'request' ? 'syn' : 'syn+ack'} raw_sig = ${mode.rawSig}`, explained.notes));
    return 0;
  }
  if (mode.kind === 'http') {
    const parsed = parseHttpRawSig(mode.rawSig, mode.direction);
    if (!parsed.ok) {
      io.writeError(`p0f-ts explain: bad HTTP raw_sig: ${parsed.error}\n`);
      return 2;
    }
    const list = mode.direction === 'request' ? db.httpRequest : db.httpResponse;
    const e = explainHttp(list, parsed.observation, options.nearest);
    io.write(options.json
      ? `${JSON.stringify(httpExplanationJson(db, e, mode.rawSig, parsed.notes, mode.direction), null, 2)}\n`
      : renderHttpExplanation(db, e, `http ${mode.direction} raw_sig = ${mode.rawSig}`, parsed.notes, mode.direction));
    return 0;
  }
  return explainFlow(db, mode.capture, mode.flow, options.nearest, options.json, io);
};

function explainFlow(db: SignatureDatabase, capture: string, flow: string, nearest: number, json: boolean, io: CliIo): number {
  const [client, server] = flow.split('->') as [string, string];
  const replayed = replayCapture(db, capture, false);
  if (replayed.error !== null && replayed.events.length === 0) {
    io.writeError(`p0f-ts explain: ${replayed.error}\n`);
    return 2;
  }
  const sections: string[] = [];
  const data: Record<string, unknown>[] = [];
  for (const r of replayed.events) {
    const e = r.event;
    if (formatEndpoint(e.client) !== client || formatEndpoint(e.server) !== server) continue;
    const rawSig = e.fields.find((f) => f.key === 'raw_sig')?.value ?? '';
    const heading = `${e.keyword} ${client} -> ${server} raw_sig = ${rawSig}`;
    if (r.observation !== null && e.keyword !== 'mtu') {
      const direction = e.keyword === 'syn' || e.keyword === 'sendsyn probe' ? 'request' : 'response';
      const list = direction === 'request' ? db.tcpRequest : db.tcpResponse;
      const explained = explainTcp(list, r.observation, direction, r.peerMss, nearest);
      const notes = r.peerMss !== 0 ? [`peer MSS ${r.peerMss} (from the SYN)`] : [];
      sections.push(renderTcpExplanation(db, explained, heading, notes));
      data.push({ keyword: e.keyword, ...tcpExplanationJson(db, explained, rawSig, notes) });
    } else if (e.keyword === 'http request' || e.keyword === 'http response') {
      const direction = e.keyword === 'http request' ? 'request' : 'response';
      const parsed = parseHttpRawSig(rawSig, direction);
      if (!parsed.ok) continue;
      const list = direction === 'request' ? db.httpRequest : db.httpResponse;
      const explained = explainHttp(list, parsed.observation, nearest);
      sections.push(renderHttpExplanation(db, explained, heading, parsed.notes, direction));
      data.push({ keyword: e.keyword, ...httpExplanationJson(db, explained, rawSig, parsed.notes, direction) });
    }
  }
  if (replayed.error !== null) io.writeError(`p0f-ts explain: ${replayed.error}\n`);
  if (sections.length === 0) {
    io.writeError(`p0f-ts explain: no syn, syn+ack or http observation for ${flow} in '${capture}'\n`);
    return 1;
  }
  io.write(json ? `${JSON.stringify({ capture, flow, observations: data }, null, 2)}\n` : sections.join('\n'));
  return 0;
}
