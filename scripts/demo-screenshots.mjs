// Screenshots of the demo for the docs: each learning rule's card (environment, team, rule
// panel and caption) and the learning curves, after some seconds of training in headless
// Chromium. Builds the static demo first. Writes docs/images/demo-*.png.
//   node scripts/demo-screenshots.mjs        (DEMO_TRAIN_MS=20000 by default)
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { staticServer } from "./static-server.mjs";

const trainMs = Number(process.env.DEMO_TRAIN_MS ?? 20000);
const root = join(import.meta.dirname, "..");
const out = join(root, "docs/images");
execFileSync("node", ["scripts/build-demo.mjs"], { cwd: root, stdio: "inherit" });
mkdirSync(out, { recursive: true });
const server = staticServer(join(root, "site/demo"));
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"], headless: true });

/** Trains `left` against `right`, then saves the named parts of the page. */
async function shoot(left, right, shots) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${origin}/index.html?left=${left}&right=${right}`);
  await page.click("#start");
  await page.waitForTimeout(trainMs);
  await page.click("#pause");
  await page.waitForTimeout(700); // the last snapshot and curve drawn
  for (const [selector, name] of shots) {
    const path = join(out, name);
    // The page draws only what is in sight: bring the part into view and give it a frame.
    await page.locator(selector).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.locator(selector).screenshot({ path });
    const kB = Math.round(statSync(path).size / 1024);
    console.log(`${path}: ${kB} kB${kB > 200 ? " — over the 200 kB the docs allow; retake or shrink it" : ""}`);
  }
  await page.close();
}

try {
  await shoot("map-prop", "reinforce", [["#run-left", "demo-map-prop.png"], ["#run-right", "demo-reinforce.png"], ["#curves", "demo-curves.png"]]);
  await shoot("weight-max", "reinforce", [["#run-left", "demo-weight-max.png"]]);
} finally {
  await browser.close();
  server.close();
}
