// Byte and connection counters of this thread's Kafka clients, in the groups Java's clients
// report (producer-metrics, consumer-metrics, admin-client-metrics, connect-metrics). They are read
// off the sockets (bytesWritten/bytesRead) when metrics are scraped, so the record path pays
// nothing: kafkajs lets us hand it the socket factory, and that is the only hook we use.

import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from './kafkajs.js';

/** Java's client kinds, as they name their metric groups. `connect`: the worker's group membership. */
export type ClientKind = 'producer' | 'consumer' | 'admin' | 'connect';

/** One client's counters: plain data, so a task thread can post it to the main thread. */
export interface ClientMetricsSample {
  kind: ClientKind;
  clientId: string;
  connectionCount: number;
  connectionCreationTotal: number;
  connectionCloseTotal: number;
  outgoingByteTotal: number;
  incomingByteTotal: number;
}

interface ClientState {
  kind: ClientKind;
  clientId: string;
  open: Set<net.Socket>;
  created: number;
  closed: number;
  /** Bytes of sockets already closed. */
  closedOut: number;
  closedIn: number;
}

const clients = new Map<string, ClientState>();

function stateFor(kind: ClientKind, clientId: string): ClientState {
  const key = `${kind}\u0000${clientId}`;
  let s = clients.get(key);
  if (!s) clients.set(key, (s = { kind, clientId, open: new Set(), created: 0, closed: 0, closedOut: 0, closedIn: 0 }));
  return s;
}

const KEEP_ALIVE_DELAY = 60000;

/** kafkajs's own socket factory (same keep-alive, same TLS servername rule), with the socket counted. */
export function countingSocketFactory(kind: ClientKind, clientId: string): ISocketFactory {
  const state = stateFor(kind, clientId);
  return ({ host, port, ssl, onConnect }) => {
    const socket: net.Socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY);
    state.created++;
    state.open.add(socket);
    socket.once('close', () => {
      if (!state.open.delete(socket)) return;
      state.closed++;
      state.closedOut += socket.bytesWritten;
      state.closedIn += socket.bytesRead;
    });
    return socket;
  };
}

/** Every client this thread has made so far (closed clients keep their totals, as counters must). */
export function clientMetricsSnapshot(): ClientMetricsSample[] {
  const out: ClientMetricsSample[] = [];
  for (const s of clients.values()) {
    let outgoing = s.closedOut;
    let incoming = s.closedIn;
    let connected = 0;
    for (const socket of s.open) {
      outgoing += socket.bytesWritten;
      incoming += socket.bytesRead;
      if (!socket.connecting && !socket.destroyed) connected++;
    }
    out.push({
      kind: s.kind,
      clientId: s.clientId,
      connectionCount: connected,
      connectionCreationTotal: s.created,
      connectionCloseTotal: s.closed,
      outgoingByteTotal: outgoing,
      incomingByteTotal: incoming,
    });
  }
  return out;
}
