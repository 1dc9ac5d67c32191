// A static file server for the repository, shared by `npm run demo` (scripts/serve.mjs), the demo
// test and screenshots, and the Chromium benchmarks (bench/speed/browser.mjs, bench/speed/demo.mjs): files
// under `root`, a directory's index.html, 404 for anything else or outside `root`; `headers` are
// added to every file served.
//
// It serves as a production host would, so that what the browser loads here is what a visitor
// loads: text, JavaScript and Wasm gzipped when the browser accepts it, every file with an ETag
// (a repeat request is answered 304 with no body), files whose name carries a content hash
// (esbuild's chunk-XXXXXXXX.js, core64-XXXXXXXX.wasm) cached for a year and never revalidated,
// everything else revalidated on each use (`cacheControl`). That is what lets the demo's two
// workers reuse the chunk the page already fetched. `onResponse` sees each response's path,
// status and the bytes sent (the test's loaded-bytes budget counts them).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { basename, extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const types = { ".html": "text/html", ".css": "text/css", ".png": "image/png", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".map": "application/json", ".json": "application/json", ".svg": "image/svg+xml", ".policy": "application/octet-stream" };
const compressible = new Set([".html", ".css", ".js", ".mjs", ".wasm", ".map", ".json", ".svg"]);

/** A name esbuild or scripts/build-demo.mjs gave a content hash: chunk-4F2KXQ7A.js, core64-9c1e0d2a.wasm. */
export const hashedName = /-[A-Za-z0-9]{8}\.(js|mjs|css|wasm)$/;

/** The Cache-Control a file gets: immutable when its name changes with its content, else revalidate. */
export function cacheControl(path) {
  return hashedName.test(basename(path)) ? "public, max-age=31536000, immutable" : "no-cache";
}

// Gzipped bodies by ETag: the benchmark and tests fetch the same files over and over.
const gzipped = new Map();

/**
 * @param {string} root the folder served
 * @param {Record<string, string>} headers sent with every response
 * @param {{ onResponse?: (response: { path: string, status: number, bytes: number, encoding: string }) => void }} hooks
 */
export function staticServer(root, headers = {}, { onResponse } = {}) {
  return createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)).replace(/^([/\\])+/, "");
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const send = (status, head, body) => {
      response.writeHead(status, head).end(body);
      onResponse?.({ path: "/" + path, status, bytes: body ? body.length : 0, encoding: head["content-encoding"] ?? "identity" });
    };
    if (!file.startsWith(root) || !existsSync(file)) return send(404, {}, Buffer.from("not found"));
    const body = readFileSync(file);
    const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`;
    const head = { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": cacheControl(file), etag, vary: "accept-encoding", ...headers };
    if (request.headers["if-none-match"] === etag) return send(304, head);
    if (compressible.has(extname(file)) && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
      if (!gzipped.has(etag)) gzipped.set(etag, gzipSync(body, { level: 9 }));
      return send(200, { ...head, "content-encoding": "gzip" }, gzipped.get(etag));
    }
    send(200, head, body);
  });
}
