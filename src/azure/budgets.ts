/**
 * @module Azure budgets with `@azure/arm-consumption` (Budgets_Get): amount, the spend Azure last
 * evaluated, and its forecast when the budget has a forecast notification.
 */
import type { Budget, ConsumptionManagementClient } from "@azure/arm-consumption";
import type { AzureBudget, BudgetSource } from "../ports/costs.js";
import { toCostError } from "./cost-errors.js";
import type { ArmOperation } from "./operations.js";

/**
 * The ARM operations this adapter performs (src/azure/operations.ts), granted by the built-in
 * Cost Management Reader role (`Microsoft.Consumption/*\/read`).
 */
export const ARM_OPERATIONS: readonly ArmOperation[] = ["Microsoft.Consumption/budgets/read"];

export class ConsumptionBudgetSource implements BudgetSource {
  constructor(private readonly client: ConsumptionManagementClient) {}

  async get(scope: string, name: string): Promise<AzureBudget> {
    let budget: Budget;
    try {
      budget = await this.client.budgets.get(scope.replace(/^\/+/, ""), name);
    } catch (error) {
      throw toCostError(error, `Azure budget ${name} at ${scope}`);
    }
    return budgetFromArm(budget, scope, name);
  }
}

export function budgetFromArm(budget: Budget, scope: string, name: string): AzureBudget {
  return {
    name: budget.name ?? name,
    scope,
    amount: budget.amount ?? 0,
    currency: budget.currentSpend?.unit ?? budget.forecastSpend?.unit ?? "USD",
    currentSpend: budget.currentSpend?.amount ?? 0,
    forecastSpend: budget.forecastSpend?.amount ?? null,
    timeGrain: budget.timeGrain ?? "Monthly",
  };
}
