import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { AppContext } from './app-context.js';

export type RunningServer = { server: Server; url: string; stop: () => Promise<void> };

/**
 * Listens with the app built from `ctx` (kept by reference: fields set later, such as
 * `scheduling`, are seen by the routes); `stop()` stops accepting connections and waits for requests in
 * flight (idle keep-alive sockets are closed so shutdown doesn't hang).
 */
export async function listen(ctx: AppContext): Promise<RunningServer> {
  const { config } = ctx;
  const app = createApp(ctx);
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 hands listen errors (port in use) to the callback.
    const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    server,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
