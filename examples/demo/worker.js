// Trains one agent in a Web Worker so the page stays responsive. Messages in: start (the
// compiled core, task, rule, seed, whether the network view is on), view (on/off), pause,
// resume, save, policy. Messages out: frames (environment state and progress, ~30 a second),
// episodes (return, length, environment steps and seconds so far), snapshots of the team (~4 a
// second while the view is on), the saved agent, the current policy (for the watch mode), errors.
import { Agent, init, unwrapped } from "./coagent.js";
import { SNAPSHOT_MS, SettlingReplay, networkSnapshot } from "./snapshot.js";
import { prepareEnv } from "./tasks.js";

const FRAME_MS = 33;
// Train in slices of this length between looks at the message queue.
const SLICE_MS = 15;

let agent, env, observation, acted, replay;
let paused = false, view = true;
let episodeReturn = 0, episodeLength = 0, steps = 0, episodes = 0;
// Training time: wall time since start without the pauses.
let activeMs = 0, resumedAt = 0;
let lastFrame = -Infinity, lastSnapshot = -Infinity;
// Time spent training and time spent taking snapshots: the view's cost to the worker, reported.
let trainMs = 0, snapshotMs = 0;

const seconds = (now) => (activeMs + (now - resumedAt)) / 1000;

// Yield through a message channel: unlike setTimeout(0), it is not clamped to 4 ms.
const channel = new MessageChannel();
channel.port1.onmessage = run;
const later = () => channel.port2.postMessage(0);

function step() {
  acted = observation;
  const { action } = agent.act(observation);
  const outcome = env.step(action);
  agent.learn(outcome);
  steps++;
  episodeLength++;
  episodeReturn += outcome.reward;
  if (outcome.terminated || outcome.truncated) {
    episodes++;
    acted = outcome.observation; // the agent's last iteration of the episode ran on it
    postMessage({ kind: "episode", return: episodeReturn, length: episodeLength, steps, seconds: seconds(performance.now()) });
    episodeReturn = 0;
    episodeLength = 0;
    observation = env.reset().observation;
  } else observation = outcome.observation;
}

function snapshot(now) {
  const message = { kind: "snapshot", steps, seconds: seconds(now), tdError: agent.lastTdError, network: networkSnapshot(agent.actor, acted) };
  if (agent.algorithm === "map-prop") {
    replay ??= new SettlingReplay(agent, Agent);
    message.settling = replay.run(acted);
  }
  const buffers = message.network.layers.flatMap((l) => [l.values.buffer, l.means.buffer, l.rewards.buffer, l.weights.buffer]);
  postMessage(message, buffers);
}

function run() {
  if (paused) return;
  const start = performance.now();
  let now = start;
  while (now - start < SLICE_MS) {
    for (let k = 0; k < 16; k++) step();
    now = performance.now();
  }
  trainMs += now - start;
  if (view && now - lastSnapshot >= SNAPSHOT_MS) {
    lastSnapshot = now;
    snapshot(now);
    snapshotMs += performance.now() - now;
  }
  if (now - lastFrame >= FRAME_MS) {
    lastFrame = now;
    const frame = env.id.startsWith("LunarLander") ? { snapshot: unwrapped(env).snapshot() } : { state: env.state };
    postMessage({ kind: "frame", ...frame, steps, episodes, seconds: seconds(now), trainMs, snapshotMs });
  }
  later();
}

onmessage = async ({ data }) => {
  try {
    if (data.kind === "start") {
      await init({ float64: data.module });
      ({ env, observation } = await prepareEnv(data.env, data.seed));
      acted = observation;
      agent = Agent.create({ algorithm: data.algorithm, env, seed: data.seed });
      view = data.view !== false;
      resumedAt = performance.now();
      run();
    } else if (data.kind === "view") view = data.on;
    else if (data.kind === "pause" && !paused) {
      paused = true;
      activeMs += performance.now() - resumedAt;
    } else if (data.kind === "resume" && paused) {
      paused = false;
      resumedAt = performance.now();
      run();
    } else if (data.kind === "save") {
      const bytes = agent.save();
      postMessage({ kind: "saved", bytes }, [bytes.buffer]);
    } else if (data.kind === "policy") {
      // The actor as it is now, frozen: the watch mode plays it on the page (Policy needs no core).
      const bytes = agent.policy().save();
      postMessage({ kind: "policy", bytes, steps }, [bytes.buffer]);
    }
  } catch (error) {
    postMessage({ kind: "error", message: String(error?.message ?? error) });
  }
};
