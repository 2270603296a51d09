// The coordinator's handle on one contender's process.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { OpenOptions, Reply, Request, Workload } from "./protocol.js";

const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");

export interface RunResult {
  readonly ms: number;
  readonly statements: number;
  readonly check: number;
}

export class ContenderProcess {
  name = "";
  version = "";
  variants: ReadonlyArray<{ readonly workload: Workload; readonly label: string }> = [];
  private waiting: ((reply: Reply) => void) | undefined;
  private exited: string | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (reply: Reply) => this.waiting?.(reply));
    child.on("exit", (code) => {
      this.exited = `exited with code ${String(code)}`;
      this.waiting?.({ type: "error", message: this.exited });
    });
  }

  /** Starts the process and waits until its contender is open; a contender that cannot open is an Error with its reason. */
  static async start(module: string, options: OpenOptions): Promise<ContenderProcess> {
    const child = fork(worker, [module, JSON.stringify(options)], {
      execArgv: ["--expose-gc", "--import", tsx],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const handle = new ContenderProcess(child);
    const reply = await handle.next();
    if (reply.type !== "ready") {
      child.kill();
      throw new Error(reply.type === "error" ? reply.message : `unexpected ${reply.type}`);
    }
    handle.name = reply.name;
    handle.version = reply.version;
    handle.variants = reply.variants;
    return handle;
  }

  async run(variant: number): Promise<RunResult> {
    const reply = this.request({ type: "run", variant });
    const answer = await reply;
    if (answer.type === "error") throw new Error(`${this.name} ${this.variants[variant]!.label}: ${answer.message}`);
    if (answer.type !== "result") throw new Error(`unexpected ${answer.type}`);
    return answer;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "close" } satisfies Request);
    await gone;
  }

  private request(request: Request): Promise<Reply> {
    if (this.exited) return Promise.resolve({ type: "error", message: this.exited });
    const reply = this.next();
    this.child.send(request);
    return reply;
  }

  private next(): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting = (reply) => {
        this.waiting = undefined;
        resolve(reply);
      };
    });
  }
}
