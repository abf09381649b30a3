/**
 * @module In-memory fake of the cost ports (`CostSource`, `CostRowSource`, `BudgetSource`): billed
 * days and rows by resource per scope, and Azure budgets, loaded by the test (rows are served
 * `pageSize` to a page); `failures` make the next calls fail in order; `calls`
 * records every call. test/contract/costs.contract.ts holds it and the SDK adapters to one
 * behaviour.
 */
import {
  CostError,
  type AzureBudget,
  type BudgetSource,
  type CostRow,
  type CostRowSource,
  type CostSource,
  type DailyCost,
  type MonthToDate,
} from "../../src/ports/costs.js";

export class FakeCosts implements CostSource, CostRowSource, BudgetSource {
  private readonly days = new Map<string, DailyCost[]>();
  private readonly rows = new Map<string, CostRow[]>();
  /** Rows per page of `costRows`. */
  pageSize = 1000;
  private readonly budgets = new Map<string, AzureBudget>();
  /** Scopes that exist (a subscription or resource group the identity can read). */
  private readonly scopes = new Set<string>();
  readonly calls: string[] = [];
  readonly failures: CostError[] = [];

  /** Billed cost of a scope, by UTC day. */
  setDays(scope: string, days: readonly DailyCost[]): this {
    this.scopes.add(scope.toLowerCase());
    this.days.set(scope.toLowerCase(), [...days]);
    return this;
  }

  /** Billed cost of a scope by resource and UTC day. */
  setRows(scope: string, rows: readonly CostRow[]): this {
    this.scopes.add(scope.toLowerCase());
    this.rows.set(scope.toLowerCase(), [...rows]);
    return this;
  }

  async *costRows(scope: string, from: string, to: string): AsyncIterable<readonly CostRow[]> {
    this.calls.push(`costRows ${scope} ${from} ${to}`);
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (!this.scopes.has(scope.toLowerCase()))
      throw new CostError("NotFound", `no scope ${scope}`, 404);
    const rows = (this.rows.get(scope.toLowerCase()) ?? []).filter(
      (r) => r.date >= from && r.date <= to,
    );
    for (let i = 0; i === 0 || i < rows.length; i += this.pageSize) {
      yield await Promise.resolve(rows.slice(i, i + this.pageSize));
    }
  }

  setBudget(budget: AzureBudget): this {
    this.scopes.add(budget.scope.toLowerCase());
    this.budgets.set(`${budget.scope}|${budget.name}`.toLowerCase(), budget);
    return this;
  }

  monthToDate(scope: string, now: Date): Promise<MonthToDate> {
    this.calls.push(`monthToDate ${scope}`);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    if (!this.scopes.has(scope.toLowerCase()))
      return Promise.reject(new CostError("NotFound", `no scope ${scope}`, 404));
    const month = now.toISOString().slice(0, 7);
    const today = now.toISOString().slice(0, 10);
    const days = (this.days.get(scope.toLowerCase()) ?? [])
      .filter((d) => d.day.startsWith(month) && d.day <= today && d.cost > 0)
      .sort((a, b) => a.day.localeCompare(b.day));
    const total = days.reduce((sum, d) => sum + d.cost, 0);
    return Promise.resolve({ scope, currency: "USD", total, days, requests: 1 });
  }

  get(scope: string, name: string): Promise<AzureBudget> {
    this.calls.push(`budget ${scope} ${name}`);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const budget = this.budgets.get(`${scope}|${name}`.toLowerCase());
    if (!budget) return Promise.reject(new CostError("NotFound", `no budget ${name}`, 404));
    return Promise.resolve(budget);
  }
}
