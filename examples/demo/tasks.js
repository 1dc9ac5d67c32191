// What the page knows about each task beyond the library's environment: names for the numbers a
// team sees and the actions it picks (for the network view and the watch mode), how fast an
// episode plays in real time, and how to make the environment on the page. LunarLander's physics
// (planck) is imported only when a LunarLander is made: no other task downloads it.
import { loadLunarLander, makeEnv } from "./coagent.js";

const lunarInputs = ["x", "y", "ẋ", "ẏ", "θ", "θ̇", "leg L", "leg R"];

/**
 * Per task: `inputs`, one short name per observation number; `actions`, one per discrete action
 * (or per dimension of a continuous one); `fps`, the steps per second that count as real time —
 * Gymnasium's render_fps for the task (CartPole and LunarLander step 0.02 s of simulated time,
 * so 50 is exactly real time; Acrobot's 0.2 s steps play at its 15; MountainCar has no clock).
 */
export const tasks = {
  "CartPole-v1": { inputs: ["x", "ẋ", "θ", "θ̇"], actions: ["push left", "push right"], fps: 50 },
  "Acrobot-v1": { inputs: ["cos θ₁", "sin θ₁", "cos θ₂", "sin θ₂", "θ̇₁", "θ̇₂"], actions: ["torque −1", "torque 0", "torque +1"], fps: 15 },
  "MountainCarContinuous-v0": { inputs: ["position", "velocity"], actions: ["force"], fps: 30 },
  "LunarLander-v2": { inputs: lunarInputs, actions: ["nothing", "left engine", "main engine", "right engine"], fps: 50 },
  "LunarLander-v3": { inputs: lunarInputs, actions: ["nothing", "left engine", "main engine", "right engine"], fps: 50 },
  "LunarLanderContinuous-v2": { inputs: lunarInputs, actions: ["main throttle", "side throttle"], fps: 50 },
  "LunarLanderContinuous-v3": { inputs: lunarInputs, actions: ["main throttle", "side throttle"], fps: 50 },
};

/** The names above, or numbered ones for a task the page does not know. */
export function taskInfo(id) {
  return tasks[id] ?? { inputs: [], actions: [], fps: 30 };
}

/** The environment `id`, reset with `seed`, its physics loaded first where it needs any. */
export async function prepareEnv(id, seed) {
  if (id.startsWith("LunarLander")) await loadLunarLander();
  const env = makeEnv(id, { seed });
  const { observation } = env.reset({ seed });
  return { env, observation };
}
