/**
 * Real-Chromium helpers for browser tests and the web benchmark: launch Debian's
 * chromium through playwright-core (failing loudly when it is missing, never skipping),
 * serve the real app on a loopback port, and abort every request that would leave
 * 127.0.0.1 (recording it, so a test can assert there were none).
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DatabaseHandle } from '../../db/connect.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../core/logger.js';
import { testConfig } from './test-app.js';
import type { AppContext } from '../../server/app-context.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** The Chromium binary: CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Launches headless Chromium. @throws with install instructions when the binary is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Browser tests need a real Chromium: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export type RunningApp = { url: string; stop: () => Promise<void> };

/** The real app over `handle`, listening on 127.0.0.1 at a free port; `context` adds what cli/ hands a server (the upload port). */
export async function serveApp(handle: DatabaseHandle, env: Record<string, string> = {}, context: Partial<Pick<AppContext, 'uploads'>> = {}): Promise<RunningApp> {
  const app = createApp({ handle, config: testConfig(env), logger: createLogger('silent'), ...context });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Requests a page made, and those it tried to send off the loopback host (all aborted). */
export type RequestLog = { all: string[]; offHost: string[] };

/**
 * Aborts every request of `page` not addressed to 127.0.0.1 (data: URLs aside) and logs
 * every request, so a test proves nothing left localhost.
 */
export async function confineToLoopback(page: Page): Promise<RequestLog> {
  const log: RequestLog = { all: [], offHost: [] };
  page.on('request', (request) => log.all.push(request.url()));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('data:')) return route.continue();
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      // an unparsable URL is not localhost
    }
    if (host === '127.0.0.1') return route.continue();
    log.offHost.push(url);
    return route.abort('blockedbyclient');
  });
  return log;
}
