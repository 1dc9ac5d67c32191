// `npm run demo`: serves the repository (the demo, dist/ and build/) on http://localhost:8080.
import { join } from "node:path";
import { staticServer } from "./static-server.mjs";

const port = Number(process.env.PORT ?? 8080);
staticServer(join(import.meta.dirname, "..")).listen(port, () => console.log(`coagent demo: http://localhost:${port}/examples/demo/`));
