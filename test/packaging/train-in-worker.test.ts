// trainInWorker in a page (headless Chromium via playwright-core, as test/packaging/browser.test.ts): the
// run happens in a module worker of the browser bundle while the page's timer keeps ticking, its
// returns equal Node's train() bit for bit, a stop gives a prefix of the run, and options that
// cannot cross to a worker are refused. The page is served cross-origin isolated (the stop
// travels through shared memory) and not (the stop terminates the worker).
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const root = join(__dirname, "..", "..");
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
let server: Server;
let origin = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    // ?isolated pages (and everything they load: the referer says so) get the headers that enable SharedArrayBuffer.
    const isolated = url.searchParams.has("isolated") || (request.headers.referer ?? "").includes("isolated");
    const headers = isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
    // ?library=URL serves a task module with "coagent" imported from that URL, as a page without a bundler writes it for a worker.
    const library = url.searchParams.get("library");
    const body = library ? readFileSync(file, "utf8").replace(/from "coagent"/g, `from ${JSON.stringify(library)}`) : readFileSync(file);
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`test/packaging/train-in-worker.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`);

interface PageResult {
  error?: string;
  isolated: boolean;
  returns: number[];
  steps: number;
  stopped: boolean;
  reports: number;
  policyAlgorithm: string;
  checkpointReturns: number[];
  ticks: number;
  corridor: number[];
  aborted: { returns: number[]; stopped?: true; checkpointReturns: number[] | null };
  early: { returns: number[]; stopped?: true };
  refusedFunction: { name: string; message: string };
  refusedEnv: { name: string; message: string };
  refusedInWorker: { name: string; message: string };
}

async function runPage(isolated: boolean): Promise<PageResult> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${origin}/test/fixtures/train-in-worker.html${isolated ? "?isolated" : ""}`);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 100_000 });
    const result = await page.evaluate(() => (window as unknown as { result: PageResult }).result);
    expect(errors).toEqual([]);
    return result;
  } finally {
    await browser.close();
  }
}

const options = { env: "CartPole-v1", algorithm: "weight-max", episodes: 20, seed: 7 } as const;

async function nodeTrain(episodes: number): Promise<number[]> {
  const coagent = await import(pathToFileURL(join(root, "dist", "index.js")).href);
  await coagent.loadCore();
  return coagent.train({ ...options, episodes }).episodeReturns;
}

describe.skipIf(missing)("trainInWorker in the browser (headless Chromium)", () => {
  for (const isolated of [true, false]) {
    it(`trains off the page's thread with Node's returns, and stops on request (${isolated ? "cross-origin isolated" : "not isolated"})`, async () => {
      const result = await runPage(isolated);
      expect(result.error).toBeUndefined();
      expect(result.isolated).toBe(isolated);

      // The whole run: Node's returns bit for bit, every episode reported, the bytes brought back.
      expect(result.returns).toHaveLength(20);
      expect(result.returns).toEqual(await nodeTrain(20));
      expect(result.stopped).toBe(false);
      expect(result.reports).toBe(20);
      expect(result.checkpointReturns).toEqual(result.returns);
      expect(result.policyAlgorithm).toBe("weight-max");

      // The page's timer ticked while the worker trained a run far too long to end by itself; its abort stopped it.
      expect(result.ticks).toBeGreaterThanOrEqual(5);
      expect(result.aborted.stopped).toBe(true);
      expect(result.aborted.returns.length).toBeGreaterThanOrEqual(2);
      expect(result.aborted.returns.length).toBeLessThan(1_000_000);
      expect(result.aborted.returns).toEqual(await nodeTrain(result.aborted.returns.length));
      // Through shared memory the run stops at a step and checkpoints; terminated, it has no bytes to give.
      expect(result.aborted.checkpointReturns).toEqual(isolated ? result.aborted.returns : null);

      // onEpisode returning false at the third episode: at least those three, a prefix of the run.
      expect(result.early.stopped).toBe(true);
      expect(result.early.returns.length).toBeGreaterThanOrEqual(3);
      expect(result.early.returns).toEqual((await nodeTrain(result.early.returns.length)));

      // A registered task: the worker imported its module first, and trains it as Node does.
      const coagent = await import(pathToFileURL(join(root, "dist", "index.js")).href);
      await import(pathToFileURL(join(root, "examples", "corridor.mjs")).href);
      const corridor = coagent.train({ env: "Corridor-v0", algorithm: "weight-max", episodes: 8, seed: 0, hidden: [16, 8] });
      expect(result.corridor).toHaveLength(8);
      expect(result.corridor).toEqual(corridor.episodeReturns);

      // Refused before a worker starts, naming the option; refused in the worker, with train's typed error.
      expect(result.refusedFunction.name).toBe("ConfigurationError");
      expect(result.refusedFunction.message).toMatch(/onTrained/);
      expect(result.refusedEnv.name).toBe("ConfigurationError");
      expect(result.refusedEnv.message).toMatch(/^env must be a task id/);
      expect(result.refusedInWorker.name).toBe("ConfigurationError");
      expect(result.refusedInWorker.message).toMatch(/weight-maxx/);
    }, 240_000);
  }
});

describe("trainInWorker's refusals, before any worker starts (Node)", () => {
  const refusal = async (options: unknown) => {
    const { trainInWorker } = await import(pathToFileURL(join(root, "dist", "index.js")).href);
    return trainInWorker(options).then(() => "not refused", (error: Error) => `${error.name}: ${error.message}`);
  };

  it("names the option that cannot be sent or is malformed", async () => {
    expect(await refusal({ ...options, onCheckpoint: () => {}, checkpointEvery: 5 })).toMatch(/^ConfigurationError: trainInWorker cannot send onCheckpoint, checkpointEvery to a worker/);
    expect(await refusal({ ...options, signals: { every: 10, onSignals: () => {} } })).toMatch(/^ConfigurationError: trainInWorker cannot send signals/);
    expect(await refusal({ ...options, episodes: 0 })).toMatch(/^ConfigurationError: episodes must be a positive integer/);
    expect(await refusal({ ...options, imports: "/task.mjs" })).toMatch(/^ConfigurationError: imports must be an array of module URLs/);
    expect(await refusal({ ...options, signal: { aborted: false } })).toMatch(/^ConfigurationError: signal must be an AbortSignal/);
    expect(await refusal({ ...options, keep: true })).toMatch(/^ConfigurationError: keep must be/);
  });

  it("says where it runs when there are no Web Workers (Node has none)", async () => {
    expect(await refusal(options)).toMatch(/^ConfigurationError: trainInWorker needs Web Workers/);
  });
});
