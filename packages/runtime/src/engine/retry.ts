import { InvalidArgumentError } from "../errors/value-errors.js";
import { isRetryable } from "../errors/transient-errors.js";
import { sleep } from "../util/platform.js";

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  readonly attempts?: number;
  /** Delay before the second attempt, doubled (with jitter) for each later one. Default 20 ms. */
  readonly baseDelayMs?: number;
}

/**
 * Runs `work` again when it fails with a retryable error (a deadlock, a
 * serialization failure, a lost connection outside COMMIT), up to `attempts`
 * times with backoff; any other error, or the last attempt's, is thrown.
 * `work` must start from scratch each time: open its session inside.
 */
export async function retryTransaction<R>(work: (attempt: number) => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 20;
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new InvalidArgumentError(`attempts must be a positive integer, got ${String(attempts)}`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random());
      await sleep(delay);
    }
  }
}
