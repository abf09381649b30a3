/**
 * @module `npm run bench:doc`: rewrites docs/performance.md from bench/results.json (what
 * `npm run bench` measured last), without measuring anything.
 */
import { readFileSync } from "node:fs";
import { renderPerformanceDoc } from "./lib/perf-doc.js";
import { DOC_FILE, RESULTS_FILE, writeFormatted, type Results } from "./lib/results.js";

const results = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Results;
await writeFormatted(DOC_FILE, renderPerformanceDoc(results));
process.stderr.write(`wrote ${DOC_FILE} from ${RESULTS_FILE}\n`);
