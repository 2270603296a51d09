import { beforeEach } from "vitest";

// A vitest worker reads the main process's answers to its calls only when its
// event loop turns, and consecutive synchronous tests (the fuzzers, property
// tests) do not let it turn: on a busy machine a file's run of them outlasted
// the 60 s the worker waits ("Timeout calling onTaskUpdate"). One turn of the
// loop before each test bounds the wait by a single test.
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
