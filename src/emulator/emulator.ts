/**
 * @module Starting the emulator: `startEmulator(options)` wires the world (fleet state + virtual
 * clock), the services (AKS, Resource Graph, the Slack stand-in — later Cost Management,
 * Consumption, Prometheus, Retail Prices), fault injection, throttling and the request log behind
 * one HTTPS server, and returns the in-process control API. `runEmulatorFromFile` is the
 * stand-alone entry point.
 */
import { aksService } from "./aks.js";
import { testCertificate, type TlsMaterial } from "./certs.js";
import { VirtualClock } from "./clock.js";
import {
  controlService,
  durationMs,
  type ClusterSummary,
  type EmulatorControl,
  type FleetSummary,
} from "./control.js";
import { BudgetBook, consumptionService } from "./consumption.js";
import { costManagementService } from "./cost-management.js";
import { costReport } from "./costs.js";
import { FaultInjector } from "./faults.js";
import { loadFleetFile, parseFleet, parseFleetText } from "./fleet.js";
import { EmulatedAutoscaler } from "./autoscaler.js";
import { ProfileCache, prometheusService } from "./prometheus.js";
import { reservationRecommendationsService } from "./reservation-recommendations.js";
import { resourceGraphService } from "./resource-graph.js";
import { retailPricesService, type RetailPricesServiceOptions } from "./retail-prices.js";
import { RequestLog } from "./request-log.js";
import { listen } from "./server.js";
import { slackService } from "./slack.js";
import {
  slackControl,
  slackControlService,
  withSlackControl,
  type SlackControl,
} from "./slack-control.js";
import { SlackWorkspace, type SlackSettingsInput } from "./slack-state.js";
import { applySettings, defaultSettings, type EmulatorSettingsInput } from "./settings.js";
import { ArmThrottle, type ThrottleConfigInput } from "./throttle.js";
import { clusterPath, World } from "./world.js";

export interface EmulatorOptions {
  /** Interface to bind; default `127.0.0.1` (the test certificate covers 127.0.0.1, ::1, localhost). */
  readonly host?: string;
  /** Port; default 0 = a free port. */
  readonly port?: number;
  /** A fleet to load at start: parsed object or YAML/JSON text. Default: an empty fleet. */
  readonly fleet?: unknown;
  /** Virtual start when the fleet has no `start`; default: the real time at load. */
  readonly startAt?: Date | string | number;
  readonly settings?: EmulatorSettingsInput;
  readonly throttling?: ThrottleConfigInput;
  /** Seed of the fault-injection RNG (default 1). */
  readonly faultSeed?: number;
  /** Virtual ms per real ms (default 0 = the clock only moves when told to). */
  readonly clockSpeed?: number;
  /** Certificate and key; default: the committed test certificate. */
  readonly tls?: TlsMaterial;
  /** Slack stand-in settings: bot token to require, scopes granted (default any token, all). */
  readonly slack?: SlackSettingsInput;
  /** Retail Prices API (`/api/retail/prices`) settings, e.g. a small page size for tests. */
  readonly retailPrices?: RetailPricesServiceOptions;
}

export interface Emulator extends EmulatorControl {
  /** `https://127.0.0.1:<port>` — the ARM endpoint to give the SDK clients. */
  readonly url: string;
  readonly port: number;
  /** The PEM certificate clients must trust (see `emulatorClientOptions`). */
  readonly caCertificate: string;
  /** The Slack stand-in: API URL, `response_url` minting, recorded calls, user groups. */
  readonly slack: SlackControl;
  /** Stops the server and closes every connection. */
  stop(): Promise<void>;
}

function toMs(at: Date | string | number): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  return ms;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const tls = options.tls ?? testCertificate();
  const fallbackStart = (): number =>
    options.startAt === undefined ? Date.now() : toMs(options.startAt);
  const clock = new VirtualClock({ startMs: fallbackStart(), speed: options.clockSpeed ?? 0 });
  const world = new World(clock);
  const settings = defaultSettings();
  if (options.settings !== undefined) applySettings(settings, options.settings);
  const faults = new FaultInjector(options.faultSeed ?? 1);
  const throttle = new ArmThrottle();
  if (options.throttling !== undefined) throttle.configure(options.throttling);
  const log = new RequestLog();
  const slack = new SlackWorkspace(clock);
  const budgets = new BudgetBook();
  if (options.slack !== undefined) slack.configure(options.slack);
  const autoscaler = new EmulatedAutoscaler(world, settings, new ProfileCache());

  const control: EmulatorControl = {
    loadFleet(input) {
      const fleet = typeof input === "string" ? parseFleetText(input) : parseFleet(input);
      world.load(fleet, fallbackStart());
      autoscaler.arm();
      slack.loadFleet(fleet.slack);
      budgets.load(fleet.budgets);
      const clusters = world.listClusters();
      return {
        start: new Date(clock.now()).toISOString(),
        subscriptions: world.subscriptions().length,
        clusters: clusters.length,
        pools: clusters.reduce((n, c) => n + c.pools.length, 0),
      } satisfies FleetSummary;
    },
    clusters: () => {
      clock.runDue();
      return world.listClusters().map((c): ClusterSummary => ({
        id: clusterPath(c),
        subscriptionId: c.subscriptionId,
        resourceGroup: c.resourceGroup,
        name: c.name,
        powerState: c.powerState,
        provisioningState: c.provisioningState,
        pools: c.pools.map((p) => ({
          name: p.name,
          mode: p.mode,
          vmSize: p.vmSize,
          count: p.count,
          runningNodes: p.nodes,
          powerState: p.powerState,
          provisioningState: p.provisioningState,
        })),
      }));
    },
    clock: {
      now: () => {
        clock.runDue();
        return new Date(clock.now());
      },
      set: (at) => {
        clock.advanceTo(toMs(at));
        return new Date(clock.now());
      },
      advance: (by) => {
        clock.advanceBy(durationMs(by));
        return new Date(clock.now());
      },
      speed: () => clock.getSpeed(),
      setSpeed: (speed) => {
        clock.setSpeed(speed);
      },
    },
    faults: {
      add: (rule) => faults.add(rule),
      remove: (id) => faults.remove(id),
      clear: () => {
        faults.clear();
      },
      list: () => faults.list(),
      setSeed: (seed) => {
        faults.setSeed(seed);
      },
    },
    throttling: { get: () => throttle.config(), configure: (input) => throttle.configure(input) },
    requests: {
      list: (filter) => log.list(filter),
      clear: () => {
        log.clear();
      },
    },
    costs: () => {
      clock.runDue();
      return costReport(world, clusterPath);
    },
    settings: () => structuredClone(settings),
    configure: (input) => {
      applySettings(settings, input);
      return structuredClone(settings);
    },
  };
  if (options.fleet !== undefined) control.loadFleet(options.fleet);

  const ctx = { world, settings };
  const host = options.host ?? "127.0.0.1";
  const running = await listen(
    {
      world,
      settings,
      faults,
      throttle,
      log,
      services: [
        aksService(ctx),
        resourceGraphService(world),
        prometheusService(world, settings),
        costManagementService(world, settings),
        consumptionService(world, budgets),
        reservationRecommendationsService(world, settings),
        slackService(slack),
        retailPricesService(options.retailPrices),
      ],
      control: withSlackControl(controlService(control), slackControlService(slack)),
    },
    tls,
    host,
    options.port ?? 0,
  );
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `https://${urlHost}:${running.port}`;
  return {
    ...control,
    url,
    port: running.port,
    caCertificate: tls.cert,
    slack: slackControl(slack, url),
    stop: () => running.close(),
  };
}

/** Starts the emulator with a fleet file (YAML or JSON); the stand-alone entry point. */
export async function runEmulatorFromFile(
  fleetPath: string,
  portOrOptions: number | Omit<EmulatorOptions, "fleet"> = {},
): Promise<Emulator> {
  const options = typeof portOrOptions === "number" ? { port: portOrOptions } : portOrOptions;
  const fleet = await loadFleetFile(fleetPath);
  return startEmulator({ ...options, fleet });
}
