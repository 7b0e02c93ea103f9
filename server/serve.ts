import type { Server } from 'node:http';
import type { DatabaseHandle } from '../db/connect.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export type RunningServer = { server: Server; url: string; stop: () => Promise<void> };

/**
 * Listens with the app; `stop()` stops accepting connections and waits for requests in
 * flight (idle keep-alive sockets are closed so shutdown doesn't hang).
 */
export async function listen(handle: DatabaseHandle, config: Config, logger: Logger): Promise<RunningServer> {
  const app = createApp({ handle, config, logger });
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
