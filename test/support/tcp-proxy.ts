import net from 'node:net';

/** A TCP relay in front of a real server, which a test can cut (the host went away: connections reset,
 * new ones refused) or blackhole (the network stopped carrying packets: nothing arrives either way, nothing
 * is refused, and what was sent arrives once it carries again, as TCP retransmits it). */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  let open = true;
  let holding = false;
  let accepted = 0;
  const connect = (pair: { client: net.Socket; upstream: net.Socket | null }) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    sockets.add(upstream);
    pair.client.pipe(upstream).pipe(pair.client);
    upstream.on('error', () => drop(pair)).on('close', () => drop(pair));
  };
  const drop = (pair: { client: net.Socket; upstream: net.Socket | null }) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    sockets.delete(pair.client);
    if (pair.upstream) sockets.delete(pair.upstream);
    pairs.delete(pair);
  };
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    accepted++;
    const pair = { client, upstream: null as net.Socket | null };
    pairs.add(pair);
    sockets.add(client);
    client.on('error', () => drop(pair)).on('close', () => drop(pair));
    // Blackholed: the connection is accepted here but goes nowhere until the network carries again.
    if (holding) client.pause();
    else connect(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** Connections accepted since start, and those still open: whether a client closed what it opened. */
    connections: () => ({ accepted, open: pairs.size }),
    /** Refuses new connections and breaks the open ones, like a database host going away. */
    cut() {
      open = false;
      for (const pair of [...pairs]) drop(pair);
    },
    /** Carries again. After a blackhole, what was held arrives now, in order, as a retransmission would
     * deliver it; or with `forgetHeld` the connections open during it stay dead for good without a word (a
     * NAT or firewall that lost their state), and only new ones work. */
    restore(options: { forgetHeld?: boolean } = {}) {
      open = true;
      if (holding) {
        holding = false;
        for (const pair of pairs) {
          if (options.forgetHeld) continue;
          if (!pair.upstream) connect(pair);
          else pair.client.pipe(pair.upstream).pipe(pair.client);
        }
      }
    },
    /** Stops carrying bytes either way, on open connections and new ones, until restore(). */
    blackhole() {
      holding = true;
      // Unpiped and paused, each side keeps what it receives (and TCP backpressure stops the sender).
      for (const pair of pairs) {
        if (!pair.upstream) continue;
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.client.pause();
        pair.upstream.pause();
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
