// Trains one agent in a Web Worker so the page stays responsive. Messages in: start (with the
// compiled core), pause, resume, save. Messages out: frames (environment state, ~30 per second),
// episode returns, the saved agent.
import { Agent, init, makeEnv } from "/dist/browser.js";

let agent, env, observation, paused = false, episodeReturn = 0, lastFrame = 0;

function frame() {
  return env.id.startsWith("LunarLander") ? { snapshot: env.snapshot() } : { state: env.state };
}

function run() {
  if (paused) return;
  for (let k = 0; k < 250; k++) {
    const { action } = agent.act(observation);
    const step = env.step(action);
    agent.learn(step);
    episodeReturn += step.reward;
    if (step.terminated || step.truncated) {
      postMessage({ kind: "episode", return: episodeReturn });
      episodeReturn = 0;
      observation = env.reset().observation;
    } else observation = step.observation;
    const now = performance.now();
    if (now - lastFrame > 33) {
      lastFrame = now;
      postMessage({ kind: "frame", ...frame() });
      break; // yield so the frame is seen and messages (pause) are handled
    }
  }
  setTimeout(run, 0);
}

onmessage = async ({ data }) => {
  try {
    if (data.kind === "start") {
      await init({ float64: data.module });
      env = makeEnv(data.env, { seed: data.seed });
      agent = Agent.create({ algorithm: data.algorithm, env, seed: data.seed });
      observation = env.reset({ seed: data.seed }).observation;
      run();
    } else if (data.kind === "pause") paused = true;
    else if (data.kind === "resume" && paused) {
      paused = false;
      run();
    } else if (data.kind === "save") {
      const bytes = agent.save();
      postMessage({ kind: "saved", bytes }, [bytes.buffer]);
    }
  } catch (error) {
    postMessage({ kind: "error", message: String(error?.message ?? error) });
  }
};
