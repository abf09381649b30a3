/**
 * @module `gpu-warden emulator`: run the Azure emulator alone, for exploring or for pointing a
 * locally hosted app at it. Stops on Ctrl-C.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Command } from "commander";
import { loadFleetFile, startEmulator } from "../emulator/index.js";
import { bundled, DEMO_FLEET } from "../local/stack.js";
import { CliError } from "./errors.js";

export function registerEmulatorCommand(program: Command): void {
  program
    .command("emulator")
    .description("Run the local Azure emulator (HTTPS, test certificate) until Ctrl-C")
    .option("--fleet <file>", "fleet file (default: examples/fleet.demo.yaml)")
    .option("--port <port>", "port (default: a free port)", "0")
    .action(async (flags: { fleet?: string; port: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: invalid port '${flags.port}'`);
      const fleet = await loadFleetFile(flags.fleet ?? bundled(DEMO_FLEET)).catch(
        (error: unknown) => {
          throw new CliError(error instanceof Error ? error.message : String(error));
        },
      );
      const emulator = await startEmulator({ fleet, port });
      const caFile = join(tmpdir(), `gpu-warden-emulator-ca-${emulator.port}.pem`);
      await writeFile(caFile, emulator.caCertificate);
      process.stdout.write(
        [
          `Azure emulator listening on ${emulator.url} (virtual clock ${emulator.clock.now().toISOString()})`,
          `  control API: ${emulator.url}/_emulator/ (see docs/emulator.md)`,
          `  point gpu-warden at it:`,
          `    export GPU_WARDEN_ARM_ENDPOINT=${emulator.url}`,
          `    export GPU_WARDEN_ARM_CA_FILE=${caFile}`,
          "Press Ctrl-C to stop.",
          "",
        ].join("\n"),
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await emulator.stop();
    });
}
