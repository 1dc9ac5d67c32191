// A static file server for the repository, shared by `npm run demo` (scripts/serve.mjs) and the
// Chromium benchmark (bench/browser.mjs): files under `root`, a directory's index.html, 404 for
// anything else or outside `root`; `headers` are added to every file served.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const types = { ".html": "text/html", ".css": "text/css", ".png": "image/png", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".map": "application/json", ".svg": "image/svg+xml" };

export function staticServer(root, headers = {}) {
  return createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)).replace(/^([/\\])+/, "");
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(root) || !existsSync(file)) return response.writeHead(404).end("not found");
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", ...headers }).end(readFileSync(file));
  });
}
