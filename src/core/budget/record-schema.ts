/**
 * @module The zod schema of {@link BudgetRecord}, checked on the way in and out of the state store
 * (the `budgets` table). Validation only: no I/O.
 */
import { z } from "zod";
import type { BudgetRecord } from "./types.js";

const instant = z.iso.datetime({ offset: true });
const money = z.number();
const action = z.enum([
  "notify",
  "idle-aggressive",
  "scale-spot-to-zero",
  "stop-clusters",
  "block-starts",
]);

export const BudgetRecordSchema: z.ZodType<BudgetRecord> = z.strictObject({
  budget: z.string().min(1),
  period: z.string().regex(/^\d{4}-\d{2}$/),
  evaluatedAt: instant,
  currency: z.string().min(1),
  amount: money,
  billed: money,
  billedThrough: instant,
  intraday: money,
  spent: money,
  forecast: money.nullable(),
  samples: z.array(z.strictObject({ at: instant, usdPerHour: money })),
  fired: z.array(
    z.strictObject({
      key: z.string().min(1),
      percent: z.number().positive(),
      forecast: z.boolean(),
      actions: z.array(action),
      at: instant,
      amount: money,
      measured: money,
    }),
  ),
});
