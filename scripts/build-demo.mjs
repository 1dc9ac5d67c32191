// `npm run build:demo`: the demo page (examples/demo) as static files in site/demo/, for any
// static host: the page and its worker bundled (the library code they share split into one
// chunk), the stylesheet and the float64 core next to them. Needs `npm run build` first (dist/,
// build/core64.wasm). Node-only imports of the library (never reached in a browser) stay external.
// The demo reaches the library only through examples/demo/coagent.js; here
// that module's core URL is pointed at the copy of the core placed beside the page.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const demo = join(root, "examples/demo");
export const outdir = join(root, "site/demo");

for (const needed of ["dist/browser.js", "build/core64.wasm"]) {
  if (!existsSync(join(root, needed))) {
    console.error(`build-demo: ${needed} is missing; run npm run build first`);
    process.exit(1);
  }
}
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

/** Serves coagent.js with the core looked up next to the bundled page. */
const siteCore = {
  name: "site-core",
  setup(b) {
    b.onLoad({ filter: /examples[\\/]demo[\\/]coagent\.js$/ }, async (args) => {
      const { readFileSync } = await import("node:fs");
      const source = readFileSync(args.path, "utf8");
      const swapped = source.replace(/new URL\("[^"]*core64\.wasm", import\.meta\.url\)/, 'new URL("./core64.wasm", import.meta.url)');
      if (swapped === source) throw new Error("build-demo: examples/demo/coagent.js no longer defines coreUrl as new URL(\"…core64.wasm\", import.meta.url)");
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
copyFileSync(join(root, "build/core64.wasm"), join(outdir, "core64.wasm"));
console.log(`demo built into ${outdir}; serve that folder with any static server`);
