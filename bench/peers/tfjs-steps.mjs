// Times the TensorFlow.js actor-critic (tfjs-agent.mjs) on coagent's own CartPole-v1, with the
// loop and tinybench settings of bench/speed/steps.mjs, so only the learner differs from coagent's
// `backprop` row at batch 1. Shared by the Node runner (bench/speed/run.mjs, one child process per
// TF.js backend) and the Chromium page (bench/speed/browser.html). `tf` must already be on `backend`.
import { createTfjsAgent } from "./tfjs-agent.mjs";

export async function measureTfjsSteps(tf, Bench, coagent, { backend, timeMs = 3000, callsPerSample = 1 }) {
  const bench = new Bench({ time: timeMs, warmupTime: 500 });
  const env = coagent.makeEnv("CartPole-v1", { seed: 0 });
  const agent = createTfjsAgent(tf, { seed: 0 });
  let observation = env.reset({ seed: 0 }).observation;
  let stepped = 0;
  const steps = (n) => {
    stepped += n;
    for (let k = 0; k < n; k++) {
      const { action } = agent.act(observation);
      const step = env.step(action);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
  };
  bench.add("tfjs", () => steps(callsPerSample));
  // Node only: steps per second of this process's CPU time over the whole run (warm-up included),
  // which other processes on a shared machine disturb less than the wall clock.
  const cpuBefore = globalThis.process?.cpuUsage();
  await bench.run();
  const cpu = cpuBefore && globalThis.process.cpuUsage(cpuBefore);
  const stepsPerCpuSecond = cpu ? stepped / ((cpu.user + cpu.system) / 1e6) : undefined;
  // Tensors not disposed would slow the run down as it goes: 100 more steps must leave none.
  const tensorsBefore = tf.memory().numTensors;
  steps(100);
  const leaked = tf.memory().numTensors - tensorsBefore;
  agent.dispose();
  const r = bench.tasks[0].result;
  if (r.error) throw r.error;
  return {
    peer: "tfjs", backend, precision: "float32", batch: 1,
    version: tf.version_core, wasmSimd: backend === "wasm" ? await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT") : undefined,
    stepsPerSecond: r.throughput.mean * callsPerSample, p50Microseconds: (r.latency.p50 * 1000) / callsPerSample,
    p99Microseconds: (r.latency.p99 * 1000) / callsPerSample, rme: r.latency.rme, samples: r.latency.samplesCount, stepsPerCpuSecond, leakedTensors: leaked,
  };
}
