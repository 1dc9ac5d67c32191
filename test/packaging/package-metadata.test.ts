// What package.json tells npm and the API site about the project, and the minimum Node version
// the docs quote: one version, the one `engines` declares.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("package.json metadata", () => {
  it("names the repository that the API site's source links point into, with its home page and issues", () => {
    const url = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository?.url ?? "")?.[1];
    expect(pkg.repository?.type).toBe("git");
    expect(url, `repository.url must be git+https://github.com/<owner>/<name>.git; got ${pkg.repository?.url}`).toBeDefined();
    // typedoc's "Defined in" links: https://github.com/<owner>/<name>/blob/{gitRevision}/{path}#L{line}
    expect(JSON.parse(read("typedoc.json")).sourceLinkTemplate.startsWith(`${url}/blob/`)).toBe(true);
    expect(pkg.homepage.startsWith(url)).toBe(true);
    expect(pkg.bugs?.url).toBe(`${url}/issues`);
  });
});

describe("the minimum Node version", () => {
  const minimum = /^>=(\d+(?:\.\d+)*)$/.exec(pkg.engines?.node ?? "")?.[1];

  it("package.json engines declares one", () => {
    expect(minimum, `engines.node must read ">=X.Y"; got ${pkg.engines?.node}`).toBeDefined();
  });

  // "Node 20.16 or newer", "Node (20.16 or newer)", "Node ≥ 20.16", "Node >= 20.16", "Node 20+".
  const claim = /\bNode(?:\.js)?\s*\(?\s*(?:(?:≥|>=)\s*v?(\d+(?:\.\d+)*)|v?(\d+(?:\.\d+)*)\s*(?:\+|or (?:newer|later|above|higher)))/g;
  const versionOf = (match: RegExpMatchArray) => match[1] ?? match[2];

  it("every page that states a minimum states the one engines declares", () => {
    const claims = [...pages, "bindings/core/host.ts"].flatMap((file) =>
      [...read(file).matchAll(claim)].map((match) => ({ file, text: match[0], version: versionOf(match) })));
    expect(claims.map((c) => c.file)).toEqual(expect.arrayContaining(["README.md", "docs/getting-started.md", "docs/runtimes.md"]));
    expect(claims.filter((c) => c.version !== minimum).map((c) => `${c.file}: "${c.text}"`)).toEqual([]);
  });

  it("the version pattern recognises the ways the docs say it", () => {
    const versions = (text: string) => [...text.matchAll(claim)].map(versionOf);
    expect(versions("Node 20 or newer; Node (20.16 or newer), Node ≥ 20.16) and Node.js 22+")).toEqual(["20", "20.16", "20.16", "22"]);
    expect(versions("virtual machine with Node 20; Node 20.20.2, commit")).toEqual([]);
  });
});
