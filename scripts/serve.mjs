#!/usr/bin/env node
// A tiny static server for the web page: serves www/ and pkg/ of the repository (nothing
// else) on 127.0.0.1, with the right MIME types (application/wasm for the engine) and the
// page's Content-Security-Policy also sent as a header. `/` redirects to `/www/`.
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]
// Tests import `serve()` and pass port 0 for a free port, and may pass `mount`, a handler
// `(req, res) => boolean` tried before the files (the browser tests mount a fake Graph API under
// a prefix of the page's own origin with it); true when it answered.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVED = ['www', 'pkg'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};
// The same as the page's <meta> policy: its own files, and Meta's Graph API for "Fetch from Meta".
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://graph.facebook.com";

export function serve({ port = 8080, host = '127.0.0.1', root = ROOT, quiet = false, mount = null } = {}) {
  const server = createServer(async (req, res) => {
    if (mount?.(req, res)) return;
    const send = (code, body, headers = {}) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (path === '/' || path === '/index.html') return send(302, '', { Location: '/www/' });
    const rel = normalize(path).replace(/^[/\\]+/, '');
    const top = rel.split(/[/\\]/)[0];
    if (!SERVED.includes(top) || rel.split(/[/\\]/).includes('..')) return send(404, 'not found\n');
    let file = join(root, rel);
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!path.endsWith('/')) return send(301, '', { Location: `${path}/` });
        file = join(file, 'index.html');
        info = await stat(file);
      }
      if (!file.startsWith(join(root, top) + sep) && file !== join(root, top)) return send(404, 'not found\n');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CSP,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(404, 'not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      if (!quiet) console.log(`serving ${SERVED.map((d) => `${d}/`).join(' and ')} on http://${host}:${actual}/`);
      resolve({ server, port: actual, url: `http://${host}:${actual}` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const host = opt('--host', '127.0.0.1');
  serve({ port, host, quiet: true }).then(({ url }) => {
    console.log(`\n  The page: ${url}/www/   (press Ctrl-C to stop)\n`);
  }, (e) => {
    console.error(`cannot serve on ${host}:${port}: ${e.message}`);
    process.exit(1);
  });
}
