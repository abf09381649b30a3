/**
 * @module The long form of the chaos suite (`npm run chaos`): runs seeds one after another from
 * `--seed-from` (default: a random one) until `--minutes` have passed or `--seeds` have run, prints
 * one line per seed and, at the end, the seed range covered and every violation with its seed (to
 * replay one: `--seed-from <seed> --seeds 1`). Exits 1 on any violation.
 *
 *     tsx test/chaos/run.ts --minutes 30 --seed-from 1000
 */
import { parseArgs } from "node:util";
import { runSeed, type SeedResult } from "./run-seed.js";
import { startChaosStack } from "./stack.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    "seed-from": { type: "string" },
    seeds: { type: "string" },
  },
});
const minutes = Number(values.minutes);
const first =
  values["seed-from"] === undefined ? Math.floor(Math.random() * 1e6) : Number(values["seed-from"]);
const limit = values.seeds === undefined ? Infinity : Number(values.seeds);
if (!Number.isFinite(minutes) || !Number.isInteger(first) || !(limit > 0)) {
  process.stderr.write(
    "usage: tsx test/chaos/run.ts [--minutes N] [--seed-from SEED] [--seeds COUNT]\n",
  );
  process.exit(2);
}

const deadline = Date.now() + minutes * 60_000;
const stack = await startChaosStack();
const failed: SeedResult[] = [];
let seed = first;
try {
  while (seed - first < limit && Date.now() < deadline) {
    const began = Date.now();
    const result = await runSeed(stack, seed);
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    process.stdout.write(
      `seed ${String(seed)}: ${result.violations.length === 0 ? "ok" : `${String(result.violations.length)} violation(s)`} ` +
        `(${String(result.ticks)} ticks, ${String(result.failedTicks)} failed, ${String(result.kills)} kills, ` +
        `${String(result.storageOutages)} storage outages, ${String(result.faulted)} faulted calls; ${seconds} s)\n` +
        (result.late.length > 0
          ? `  converged after a lost call's 30-minute window: ${result.late.join(", ")}\n`
          : ""),
    );
    if (result.violations.length > 0) failed.push(result);
    seed += 1;
  }
} finally {
  await stack.stop();
}
process.stdout.write(
  `\nseeds ${String(first)}–${String(seed - 1)} (${String(seed - first)} seeds)\n`,
);
for (const result of failed) {
  process.stdout.write(
    `\nseed ${String(result.seed)} (replay: --seed-from ${String(result.seed)} --seeds 1):\n`,
  );
  for (const v of result.violations) process.stdout.write(`  ${v}\n`);
}
process.exit(failed.length > 0 ? 1 : 0);
