import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';

/**
 * A loopback TCP proxy a test can cut, to make a server it fronts (PostgreSQL, say) vanish at
 * once, or freeze, to make it stop answering while every connection stays open.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private frozen = false;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.listen(0);
    return proxy;
  }

  port = 0;

  /** Drops every connection and refuses new ones, as a crashed server would. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Forwards nothing more either way, new connections included, until thaw(): a stopped server's host keeps them open. */
  freeze(): void {
    this.frozen = true;
    for (const socket of this.sockets) socket.pause();
  }

  /** Forwards new connections again while the frozen ones stay silent for good, as after a partition that lost them. */
  thawNewConnections(): void {
    this.frozen = false;
  }

  thaw(): void {
    this.frozen = false;
    for (const socket of this.sockets) socket.resume();
  }

  /** Accepts connections again on the same port. */
  restore(): Promise<void> {
    return this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.on('data', (data) => upstream.write(data));
      upstream.on('data', (data) => client.write(data));
      if (this.frozen) for (const socket of [client, upstream]) socket.pause();
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      }),
    );
  }
}
