// One TF.js backend timed in its own Node process (bench/speed/run.mjs starts one per backend, as it
// does for coagent's backends): `node bench/peers/tfjs-node.mjs wasm|cpu` prints one JSON row.
// @tensorflow/tfjs-node (the native TensorFlow backend) is not used: its install downloads a
// prebuilt libtensorflow, which this machine type cannot fetch.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { Bench } from "tinybench";
import * as coagent from "../../dist/index.js";
import { measureTfjsSteps } from "./tfjs-steps.mjs";

const backend = process.argv[2];
if (backend !== "wasm" && backend !== "cpu") {
  console.error(`usage: node bench/peers/tfjs-node.mjs wasm|cpu; got ${JSON.stringify(backend)}`);
  process.exit(2);
}
// One thread, like every other row (the non-threaded SIMD build; Node has no threaded one anyway).
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialise`);
await tf.ready();
const timeMs = Number(process.env.BENCH_TIME_MS ?? 3000);
process.stdout.write(JSON.stringify({ ...(await measureTfjsSteps(tf, Bench, coagent, { backend, timeMs })), runtime: `node ${process.version}` }));
