// Command-line options of `npm run bench:scale` (see bench/README.md, "Scale").

export const DEFAULT_SIZES: readonly number[] = [100, 1000, 10_000];

export interface ScaleOptions {
  readonly sizes: readonly number[];
  /** The default sizes were run: only then is bench/results/scale.md rewritten. */
  readonly defaultSizes: boolean;
  /** Per size and per process (the build, then tsc). */
  readonly timeoutS: number;
  readonly baselines: readonly string[];
  readonly out: string | undefined;
  readonly seed: number;
  /** Keep the generated schemas and outputs (their folder is printed). */
  readonly keep: boolean;
}

export const USAGE = `usage: npm run bench:scale -- [--sizes 100,1000,10000] [--timeout-s N] [--baseline <git-rev>]...
       [--seed N] [--out file.md] [--keep]`;

export class UsageError extends Error {}

export function parseScaleArgs(argv: readonly string[]): ScaleOptions {
  let sizes = DEFAULT_SIZES;
  let timeoutS = 1200;
  let seed = 14;
  let out: string | undefined;
  let keep = false;
  const baselines: string[] = [];
  const positive = (flag: string, text: string) => {
    const n = Number(text.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs positive integers, got ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--sizes":
        sizes = value().split(",").map((s) => positive(flag, s.trim()));
        break;
      case "--timeout-s":
        timeoutS = positive(flag, value());
        break;
      case "--baseline":
        baselines.push(value());
        break;
      case "--seed":
        seed = positive(flag, value());
        break;
      case "--out":
        out = value();
        break;
      case "--keep":
        keep = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  const defaultSizes = sizes.length === DEFAULT_SIZES.length && sizes.every((s, i) => s === DEFAULT_SIZES[i]);
  return { sizes, defaultSizes, timeoutS, baselines, out, seed, keep };
}
