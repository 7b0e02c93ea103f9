import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { referencePath } from './reference.js';

/**
 * A loopback "legislature site" serving the real texts of ../shared/reference/texts (read
 * in place, never copied): `/texts/<file>` with a media type by extension. `/broken.pdf`
 * answers bytes that are not a PDF under application/pdf; anything else is a 404.
 */
export type TextsServer = { baseUrl: string; url: (file: string) => string; requests: string[]; close: () => Promise<void> };

const TYPES: Record<string, string> = { '.xml': 'application/xml', '.md': 'text/markdown', '.html': 'text/html', '.pdf': 'application/pdf' };

export async function startTextsServer(): Promise<TextsServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    if (path === '/broken.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4 this is not really a PDF');
      return;
    }
    const match = /^\/texts\/([\w.-]+)$/.exec(path);
    let file: string | null = null;
    try {
      file = match ? referencePath('texts', match[1]) : null;
    } catch {
      file = null;
    }
    if (!file || !existsSync(file) || match![1] === 'README.md') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const ext = /\.[a-z]+$/.exec(file)?.[0] ?? '';
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    url: (file) => `${baseUrl}/texts/${file}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
