/**
 * @module Replays one chaos seed and prints what happened to one cluster: every ARM write the
 * emulator saw and every audit row, in order — for investigating a violation.
 *
 *     tsx test/chaos/trace.ts <seed> <cluster-name>
 */
import { createTableStore } from "../../src/storage/table-store.js";
import { runSeed } from "./run-seed.js";
import { startChaosStack } from "./stack.js";

const [seedText, name = ""] = process.argv.slice(2);
const stack = await startChaosStack();
try {
  const result = await runSeed(stack, Number(seedText));
  for (const v of [...result.violations, ...result.late]) process.stdout.write(`! ${v}\n`);
  for (const r of stack.emulator.requests.list({ pathContains: `/managedClusters/${name}` })) {
    if (r.method === "GET" && r.answeredBy !== "fault") continue;
    process.stdout.write(
      `${r.virtualAt} ${r.method} ${r.path.split("/managedClusters/")[1] ?? ""} ${String(r.status)} ${r.answeredBy}\n`,
    );
  }
  // The faulty run is the second run of this process (see run-seed.ts).
  const store = await createTableStore({
    connectionString: stack.connectionString(),
    tablePrefix: `chaos${String(process.pid)}r2`,
  });
  const audit = await store.audit.list({
    from: "2026-01-01T00:00:00Z",
    to: "2027-01-01T00:00:00Z",
  });
  for (const e of audit.filter((row) => row.target.endsWith(`/${name}`)))
    process.stdout.write(`${e.at} ${e.kind}: ${e.reason}\n`);
} finally {
  await stack.stop();
}
