/**
 * @module Runs Azurite (the installed `azurite` npm package) as a child process on free loopback
 * ports with in-memory persistence (or on disk at `location`), for tests and the CLI. The child
 * exits on its own, removing its temporary workspace, when its IPC channel to this process closes
 * (so it cannot outlive a crashed parent); `stop()` and this process's exit kill it too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { createRequire } from "node:module";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The well-known development account every Azurite accepts. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  readonly connectionString: string;
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
  readonly pid: number;
  /** Kills Azurite and removes its workspace; safe to call twice. */
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** How long to wait for Azurite to answer (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Port collisions are retried this many times with fresh ports (default 3). */
  readonly attempts?: number;
  /**
   * Keep the data on disk in this folder instead of in memory (the caller owns and removes it),
   * so a restarted Azurite — given the same `location` and `ports` — finds its tables again.
   */
  readonly location?: string;
  /** Listen on these ports instead of free ones (to restart on the same endpoints). */
  readonly ports?: { readonly blob: number; readonly queue: number; readonly table: number };
}

const READY = "Table service is successfully listening";
// Preloaded into the child: when the parent's IPC channel closes (parent stopped or died), remove
// the workspace (the child's cwd) and exit.
const WATCH_PARENT = `data:text/javascript,${encodeURIComponent(
  'import { rmSync } from "node:fs";' +
    'process.on("disconnect", () => {' +
    "  try { rmSync(process.cwd(), { recursive: true, force: true }); } catch {}" +
    "  process.exit(0);" +
    "});",
)}`;

function azuriteScript(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("azurite/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin?: Record<string, string>;
  };
  const bin = manifest.bin?.["azurite"];
  if (bin === undefined) throw new Error(`no "azurite" bin in ${manifestPath}`);
  return join(dirname(manifestPath), bin);
}

interface Ports {
  readonly blob: number;
  readonly queue: number;
  readonly table: number;
}

async function listenOnFreePort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return server;
}

/** Three distinct free loopback ports (held together, then released for Azurite). */
async function freePorts(): Promise<Ports> {
  const servers: Server[] = [];
  const port = async (): Promise<number> => {
    const server = await listenOnFreePort();
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };
  try {
    return { blob: await port(), queue: await port(), table: await port() };
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) =>
            server.close(() => {
              resolve();
            }),
          ),
      ),
    );
  }
}

/** Resolves when the endpoint answers HTTP at all (any status). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: "GET", timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => {
      resolve(false);
    });
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

async function launch(
  script: string,
  workspace: string,
  ports: Ports,
  timeoutMs: number,
  location: string | undefined,
): Promise<Launched> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      WATCH_PARENT,
      script,
      ...["--blobPort", String(ports.blob), "--queuePort", String(ports.queue)],
      ...["--tablePort", String(ports.table)],
      ...["--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1"],
      // --location cannot be combined with --inMemoryPersistence: the workspace is the cwd.
      ...(location === undefined ? ["--inMemoryPersistence"] : ["--location", location]),
      "--skipApiVersionCheck",
      ...["--disableTelemetry", "--silent", "--loose"],
    ],
    { cwd: workspace, stdio: ["ignore", "pipe", "pipe", "ipc"], detached: true },
  );
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout?.on("data", () => {
      if (output.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`Azurite exited (${signal ?? String(code)}) before it was ready:\n${output}`),
      );
    });
  });
  try {
    await ready;
    if (!(await answers(`http://127.0.0.1:${ports.table}/`))) {
      throw new Error("Azurite's table endpoint does not answer");
    }
    return { child, exited };
  } catch (error) {
    killGroup(child, "SIGKILL");
    await exited;
    throw error;
  }
}

/** SIGTERM, then wait (at most `timeoutMs`) until Azurite says its Table service has closed. */
function closeGracefully(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let text = "";
    const done = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      text = (text + chunk.toString("utf8")).slice(-1_000);
      if (text.includes("Table service successfully closed")) done();
    };
    const timer = setTimeout(done, timeoutMs);
    child.stdout?.on("data", onData);
    child.once("exit", done);
    killGroup(child, "SIGTERM");
  });
}

/** Starts Azurite on free ports; resolves once its Table service answers. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const script = azuriteScript();
  const workspace = await mkdtemp(join(tmpdir(), "gpu-warden-azurite-"));
  const attempts = options.attempts ?? 3;
  let launched: Launched | undefined;
  let ports: Ports = { blob: 0, queue: 0, table: 0 };
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts && launched === undefined; attempt += 1) {
    ports = options.ports ?? (await freePorts());
    try {
      const timeoutMs = options.startTimeoutMs ?? 30_000;
      launched = await launch(script, workspace, ports, timeoutMs, options.location);
    } catch (error) {
      lastError = error;
    }
  }
  if (launched === undefined) {
    await rm(workspace, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }
  const { child, exited } = launched;
  const killOnExit = (): void => {
    killGroup(child, "SIGKILL");
  };
  process.once("exit", killOnExit);

  const endpoint = (port: number): string => `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const blob = endpoint(ports.blob);
  const queue = endpoint(ports.queue);
  const table = endpoint(ports.table);
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    // On disk, let Azurite close (and save its data) on SIGTERM first: a closed IPC channel makes
    // it exit at once (WATCH_PARENT), losing the latest writes.
    if (options.location !== undefined) await closeGracefully(child, 10_000);
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
    }, 3_000);
    killGroup(child, "SIGTERM");
    await exited;
    clearTimeout(timer);
    await rm(workspace, { recursive: true, force: true });
  };
  return {
    connectionString: [
      "DefaultEndpointsProtocol=http",
      `AccountName=${AZURITE_ACCOUNT}`,
      `AccountKey=${AZURITE_KEY}`,
      `BlobEndpoint=${blob}`,
      `QueueEndpoint=${queue}`,
      `TableEndpoint=${table}`,
    ].join(";"),
    blobEndpoint: blob,
    queueEndpoint: queue,
    tableEndpoint: table,
    pid: child.pid ?? -1,
    stop: () => (stopping ??= stop()),
  };
}
