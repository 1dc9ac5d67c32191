// A trained agent playing in a web page: loads a policy file (written by
// `coagent train --save-policy`), makes the task the policy was trained on, and draws each step on
// a canvas at the task's own frame rate. A policy computes in plain JavaScript, so the page loads
// no WebAssembly core; LunarLander's physics engine is fetched only when a LunarLander policy is.
//
// The episodes are those of `coagent eval --checkpoint <file> --seed <seed> [--greedy]`: the
// environment is seeded once, at the first reset, and the policy's sampling stream with the same
// seed. Units sample as in training unless "greedy" is ticked: a team trained with noisy units can
// rely on the noise (the LunarLander policy here lands better sampled than greedy).
import { Policy, loadLunarLander, makeEnv, render } from "coagent";

/** The policies this page offers; any other policy file can be opened with the file picker. */
const POLICIES = {
  cartpole: "policies/cartpole.policy",
  lunarlander: "policies/lunarlander.policy",
};
/** Steps per second at 1× — Gymnasium's render_fps for both tasks (CartPole's τ is 0.02 s). */
const STEPS_PER_SECOND = 50;
/** How long a finished episode stays on screen before the next one starts. */
const PAUSE_BETWEEN_EPISODES_MS = 1000;

const $ = (id) => document.getElementById(id);
const canvas = $("frame");
const ctx = canvas.getContext("2d");
const controls = { policy: $("policy"), file: $("file"), speed: $("speed"), greedy: $("greedy"), seed: $("seed") };
const readout = { task: $("task"), episode: $("episode"), step: $("step"), return: $("return"), returns: $("returns"), status: $("status") };

// Every control starts from the address (?policy=lunarlander&speed=4&greedy=1&seed=3), so a view can be linked.
const query = new URLSearchParams(location.search);
if (query.has("policy")) controls.policy.value = query.get("policy");
if (query.has("speed")) controls.speed.value = query.get("speed");
if (query.has("greedy")) controls.greedy.checked = query.get("greedy") === "1";
if (query.has("seed")) controls.seed.value = query.get("seed");

/** The episode being played: replaced whenever a control changes, so one loop never drives two. */
let session = null;
/** The policy file playing, to restart it when the seed or the greedy switch changes. */
let loaded = null;

async function start(bytes, name) {
  session?.stop();
  loaded = { bytes, name };
  readout.status.textContent = `loading ${name}…`;
  const seed = Math.max(0, Math.floor(Number(controls.seed.value) || 0));
  const policy = Policy.load(bytes, { seed });
  const id = policy.env.id;
  if (id.startsWith("LunarLander")) await loadLunarLander(); // planck, about 40 kB gzipped, only for this task
  const env = makeEnv(id, { seed });
  readout.task.textContent = `${id}, trained by ${policy.algorithm} (${name}, ${bytes.length.toLocaleString("en")} bytes)`;
  session = play(env, policy, { seed, greedy: controls.greedy.checked });
}

/** Steps `env` with `policy` in real time (times the speed control) and draws every frame. */
function play(env, policy, { seed, greedy }) {
  let observation = env.reset({ seed }).observation;
  let [episode, step, total, returns] = [1, 0, 0, []];
  let stopped = false;
  let due = 0; // steps owed to the clock, fractional
  let last = performance.now();
  let resumeAt = 0; // after an episode ends, the time the next one starts

  const show = () => {
    render(ctx, env);
    readout.episode.textContent = String(episode);
    readout.step.textContent = String(step);
    readout.return.textContent = total.toFixed(1);
    readout.returns.textContent = returns.length === 0 ? "none yet" : returns.map((r) => r.toFixed(1)).join(", ");
  };

  const frame = (now) => {
    if (stopped) return;
    const elapsed = Math.min(now - last, 250); // a hidden tab's pause does not become a burst of steps
    last = now;
    if (now >= resumeAt) {
      if (resumeAt > 0) {
        [episode, step, total, resumeAt] = [episode + 1, 0, 0, 0];
        observation = env.reset().observation;
      }
      due += (elapsed / 1000) * STEPS_PER_SECOND * Number(controls.speed.value);
      for (; due >= 1 && resumeAt === 0; due--) {
        const result = env.step(policy.act(observation, { greedy }).action);
        step++;
        total += result.reward;
        observation = result.observation;
        if (result.terminated || result.truncated) {
          returns.push(total);
          resumeAt = now + PAUSE_BETWEEN_EPISODES_MS;
          due = 0;
        }
      }
    }
    show();
    readout.status.textContent = resumeAt > 0 ? `episode ${episode} ended: return ${total.toFixed(1)}` : "playing";
    requestAnimationFrame(frame);
  };
  show();
  requestAnimationFrame(frame);
  return { stop: () => (stopped = true) };
}

async function startFromList() {
  const name = controls.policy.value;
  const response = await fetch(POLICIES[name]);
  if (!response.ok) throw new Error(`${POLICIES[name]}: HTTP ${response.status}`);
  await start(new Uint8Array(await response.arrayBuffer()), POLICIES[name]);
}

const report = (error) => {
  readout.status.textContent = `error: ${error.name}: ${error.message}`;
  console.error(error);
};

controls.policy.addEventListener("change", () => startFromList().catch(report));
const restart = () => (loaded ? start(loaded.bytes, loaded.name) : startFromList()).catch(report);
controls.greedy.addEventListener("change", restart);
controls.seed.addEventListener("change", restart);
controls.file.addEventListener("change", async () => {
  const file = controls.file.files?.[0];
  if (file) await start(new Uint8Array(await file.arrayBuffer()), file.name).catch(report);
});
startFromList().catch(report);
