/** Event endpoints for a flow; each gets its own copy of the address bytes. */
import type { Endpoint } from './event.js';
import type { FlowRecord } from '../state/flow-record.js';

export function buildClientEndpoint(flow: FlowRecord): Endpoint {
  const h = flow.client;
  return { ipVersion: h.ipVersion, address: h.address, port: flow.cliPort };
}

export function buildServerEndpoint(flow: FlowRecord): Endpoint {
  const h = flow.server;
  return { ipVersion: h.ipVersion, address: h.address, port: flow.srvPort };
}
