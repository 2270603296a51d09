// One contender's process: opens its module, then runs one variant per
// request from the coordinator and answers with the time, the statements it
// executed and the count its run returned. With `--gc each-run` a full GC runs
// before each timed run; by default the process is left in its steady state
// (bench/README.md says why).
import { pathToFileURL } from "node:url";
import { statements } from "./count.js";
import { newUsers } from "./data.js";
import type { Open, OpenOptions, Reply, Request } from "./protocol.js";

const [modulePath, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson!) as OpenOptions;
const send = (reply: Reply) => process.send!(reply);
const gc = options.gcEachRun ? (globalThis as { gc?: () => void }).gc : undefined;

try {
  const { open } = (await import(pathToFileURL(modulePath!).href)) as { open: Open };
  const contender = await open(options);
  const input = { newUsers: newUsers(options.size) };
  send({ type: "ready", name: contender.name, version: contender.version, variants: contender.variants.map((v) => ({ workload: v.workload, label: v.label })) });
  process.on("message", (request: Request) => {
    if (request.type === "close") {
      void contender.close().finally(() => process.exit(0));
      return;
    }
    const variant = contender.variants[request.variant]!;
    void (async () => {
      try {
        gc?.();
        statements.reset();
        const start = performance.now();
        const check = await variant.run(input);
        const ms = performance.now() - start;
        send({ type: "result", ms, statements: statements.count, check });
      } catch (error) {
        send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
} catch (error) {
  send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
