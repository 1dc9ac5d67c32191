/** File writing that never leaves a torn file behind (Node). */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { Agent } from "./agent.js";
import type { Core } from "./core.js";

/**
 * Writes to a temporary file in the same directory, flushes it to disk, then renames it over
 * `path`: a crash at any moment leaves either the old file or the new one, never a mix.
 */
export function writeFileAtomically(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** Saves an agent's checkpoint atomically (see checkpoint.ts for the format). */
export function saveAgentFile(agent: Agent, path: string): void {
  writeFileAtomically(path, agent.save());
}

export function loadAgentFile(path: string, core?: Core): Agent {
  return Agent.load(new Uint8Array(readFileSync(path)), core);
}
