// `npm run build:demo`: the demo page (examples/demo) as static files in site/demo/, for any
// static host: the page and its worker bundled, the library code they share split into one chunk
// (planck, needed only for LunarLander, in a chunk of its own that only LunarLander loads), the
// stylesheet and the float64 core next to them. Needs `npm run build` first (dist/,
// build/core64.wasm). Node-only imports of the library (never reached in a browser) stay external.
// The demo reaches the library only through examples/demo/coagent.js; here that module's core
// URL is pointed at the copy of the core placed beside the page, named with its content hash so
// it can be cached for good like the chunks, and planck is imported by name for the bundler. A `_headers` file (the format Netlify and
// Cloudflare Pages read) gives the built site the caching scripts/static-server.mjs serves with.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const demo = join(root, "examples/demo");
export const outdir = join(root, "site/demo");

for (const needed of ["dist/index.js", "build/core64.wasm"]) {
  if (!existsSync(join(root, needed))) {
    console.error(`build-demo: ${needed} is missing; run npm run build first`);
    process.exit(1);
  }
}
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const core = readFileSync(join(root, "build/core64.wasm"));
const coreName = `core64-${createHash("sha256").update(core).digest("hex").slice(0, 8)}.wasm`;

/** Serves coagent.js with the core looked up next to the bundled page. */
const siteCore = {
  name: "site-core",
  setup(b) {
    b.onLoad({ filter: /examples[\\/]demo[\\/]coagent\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const withCore = source.replace(/new URL\("[^"]*core64\.wasm", import\.meta\.url\)/, `new URL("./${coreName}", import.meta.url)`);
      if (withCore === source) throw new Error("build-demo: examples/demo/coagent.js no longer defines coreUrl as new URL(\"…core64.wasm\", import.meta.url)");
      // planck by name, which the bundler puts in a chunk of its own, instead of its file by URL.
      const swapped = withCore.replace(/import\(new URL\("[^"]*planck\.mjs", import\.meta\.url\)\.href\)/, 'import("planck")');
      if (swapped === withCore) throw new Error("build-demo: examples/demo/coagent.js no longer imports planck as import(new URL(\"…planck.mjs\", import.meta.url).href)");
      return { contents: swapped, loader: "js", resolveDir: demo };
    });
  },
};

await build({
  entryPoints: [join(demo, "demo.js"), join(demo, "worker.js")],
  outdir, bundle: true, splitting: true, external: ["node:*"], format: "esm", platform: "browser", target: "es2022", minify: true,
  chunkNames: "chunk-[hash]", logLevel: "warning", plugins: [siteCore],
});
copyFileSync(join(demo, "index.html"), join(outdir, "index.html"));
copyFileSync(join(demo, "demo.css"), join(outdir, "demo.css"));
writeFileSync(join(outdir, coreName), core);
writeFileSync(join(outdir, "_headers"), `# Caching for static hosts that read this file (Netlify, Cloudflare Pages): names with a content
# hash never change, so they are cached for good; the rest is revalidated on each visit.
/chunk-*
  Cache-Control: public, max-age=31536000, immutable
/${coreName}
  Cache-Control: public, max-age=31536000, immutable
/*
  Cache-Control: no-cache
`);
console.log(`demo built into ${outdir}; serve that folder with any static server`);
