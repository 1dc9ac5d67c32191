// Screenshots of the demo for the docs: each learning rule's card (task, team, rule panel and
// caption), the learning curves and the watch mode, after some seconds of training in headless
// Chromium at 1280×800 (each part scrolled into sight, as the page draws only what is in sight),
// and the phone layout at 390×844. Builds the static demo first. Writes docs/images/demo-*.png.
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
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

function report(path) {
  const kB = Math.round(statSync(path).size / 1024);
  console.log(`${path}: ${kB} kB${kB > 200 ? " — over the 200 kB the docs allow; retake or shrink it" : ""}`);
}

/** Trains `left` against `right`, then saves the named parts of the page (`watch`: play the left team's policy first). */
async function shoot(left, right, shots, { watch = false } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${origin}/index.html?left=${left}&right=${right}`);
  await page.waitForFunction(() => typeof window.demoState === "function");
  await page.click("#start");
  await page.locator("#run-left canvas.net").scrollIntoViewIfNeeded();
  await page.waitForTimeout(trainMs);
  if (watch) {
    await page.locator("#watch").scrollIntoViewIfNeeded();
    await page.click("#watch-left");
    await page.waitForFunction(() => window.demoState().watch.env !== undefined);
    await page.click("#watch-play");
    await page.waitForTimeout(2000);
  }
  await page.click("#pause");
  await page.waitForTimeout(700); // the last snapshot and curve drawn
  for (const [selector, name] of shots) {
    const path = join(out, name);
    // The page draws only what is in sight: bring the part into view and give it a frame.
    await page.locator(selector).scrollIntoViewIfNeeded();
    await page.waitForTimeout(700);
    await page.locator(selector).screenshot({ path });
    report(path);
  }
  await page.close();
}

/** The phone layout: the first screen after some training, on the left team's tab. */
async function shootPhone(name) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => typeof window.demoState === "function");
  await page.tap("#start");
  await page.tap("#tabs [data-tab=run-left]");
  await page.waitForTimeout(Math.min(trainMs, 8000));
  const path = join(out, name);
  await page.screenshot({ path });
  report(path);
  await page.close();
}

try {
  await shoot("map-prop", "reinforce", [["#run-left", "demo-map-prop.png"], ["#run-right", "demo-reinforce.png"], ["#curves", "demo-curves.png"], ["#watch", "demo-watch.png"]], { watch: true });
  await shoot("weight-max", "reinforce", [["#run-left", "demo-weight-max.png"]]);
  await shootPhone("demo-phone.png");
} finally {
  await browser.close();
  server.close();
}
