/**
 * Event endpoints for a flow. The address arrays are the hosts' cached byte forms, which
 * are never mutated (a recycled host record gets a new one), so sharing them is safe.
 */
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
