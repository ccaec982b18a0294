/** Event endpoints for a flow: copies, so later host recycling cannot alter a delivered event. */
import type { Endpoint } from './event.js';
import type { FlowRecord } from '../state/flow-record.js';

export function buildClientEndpoint(flow: FlowRecord): Endpoint {
  const h = flow.client;
  return { ipVersion: h.ipVersion, address: h.addressView().slice(), port: flow.cliPort };
}

export function buildServerEndpoint(flow: FlowRecord): Endpoint {
  const h = flow.server;
  return { ipVersion: h.ipVersion, address: h.addressView().slice(), port: flow.srvPort };
}
