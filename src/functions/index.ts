/**
 * @module The functions entry (package.json `main`): importing a file registers its function.
 */
import "./tick.js";
import "./operations.js";
import "./slack-command.js";
import "./slack-interaction.js";
import "./health.js";
import "./budgets.js";
import "./budget-alert.js";
import "./reports.js";
import "./warmup.js";
