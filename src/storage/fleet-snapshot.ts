/**
 * @module The fleet snapshot over a raw table. A snapshot (5,000 clusters is a few MB of JSON) is
 * gzipped, base64-encoded and cut into rows of one generation partition (`g-<id>`); a manifest row
 * naming the generation, its chunk count and checksum is written last, with an ETag check, and the
 * previous generation is deleted only after that. A reader follows the manifest and, if the chunks
 * it names vanish under it (a newer save finished), starts again from the new manifest: it sees the
 * old snapshot or the new one, never a mix.
 */
import { createHash, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { z } from "zod";
import {
  isStoreError,
  StoreError,
  type FleetSnapshotStore,
  type RawTable,
  type SnapshotSaveResult,
  type TableKey,
} from "../ports/state-store.js";
import { InstantSchema, type FleetSnapshot } from "../ports/state-types.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Base64 characters per chunk row (under the 32 K string-property limit). */
export const SNAPSHOT_CHUNK_CHARS = 30_000;
const MANIFEST: TableKey = { partition: "manifest", row: "current" };
const MAX_ATTEMPTS = 5;

const ManifestSchema = z.object({
  generation: z.string().regex(/^[0-9a-f]{32}$/),
  takenAt: InstantSchema,
  chunks: z.number().int().positive(),
  compressedBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  clusters: z.number().int().nonnegative(),
});
type Manifest = z.infer<typeof ManifestSchema>;

const SnapshotShape = z.object({ takenAt: InstantSchema, clusters: z.array(z.unknown()) });

const partitionOf = (generation: string): string => `g-${generation}`;
const chunkRow = (index: number): string => `c${String(index).padStart(5, "0")}`;
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

function readManifest(value: unknown): Manifest {
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) throw new StoreError("CorruptRecord", "fleet snapshot manifest is invalid");
  return parsed.data;
}

async function deleteGeneration(raw: RawTable, generation: string): Promise<void> {
  try {
    const rows = await raw.list({ partition: partitionOf(generation) });
    await raw.batch(rows.map(({ key }) => ({ kind: "delete", key })));
  } catch (error) {
    // Best effort: a leftover generation is unreachable garbage, never read.
    if (!isStoreError(error)) throw error;
  }
}

export function createFleetSnapshotStore(raw: RawTable): FleetSnapshotStore {
  /** The chunks' text, or undefined when the generation is incomplete. */
  async function readChunks(manifest: Manifest): Promise<string | undefined> {
    const rows = await raw.list({ partition: partitionOf(manifest.generation) });
    if (rows.length !== manifest.chunks) return undefined;
    const parts = rows.map(({ key, value }, index) =>
      key.row === chunkRow(index) && typeof value === "string" ? value : undefined,
    );
    if (parts.includes(undefined)) return undefined;
    const text = parts.join("");
    return sha256(text) === manifest.sha256 ? text : undefined;
  }

  return {
    async save(snapshot) {
      const shape = SnapshotShape.safeParse(snapshot);
      if (!shape.success) {
        throw new StoreError("InvalidInput", `fleet snapshot: ${z.prettifyError(shape.error)}`);
      }
      let json: string;
      try {
        json = JSON.stringify(snapshot);
      } catch (error) {
        throw new StoreError("InvalidInput", "fleet snapshot is not JSON-serializable", {
          cause: error,
        });
      }
      const compressed = await gzipAsync(json);
      const text = compressed.toString("base64");
      const ours: Manifest = {
        generation: randomUUID().replaceAll("-", ""),
        takenAt: snapshot.takenAt,
        chunks: Math.max(1, Math.ceil(text.length / SNAPSHOT_CHUNK_CHARS)),
        compressedBytes: compressed.length,
        sha256: sha256(text),
        clusters: snapshot.clusters.length,
      };
      const result = (saved: boolean): SnapshotSaveResult => ({
        saved,
        chunks: ours.chunks,
        compressedBytes: ours.compressedBytes,
      });
      await raw.batch(
        Array.from({ length: ours.chunks }, (_, index) => ({
          kind: "insert" as const,
          key: { partition: partitionOf(ours.generation), row: chunkRow(index) },
          value: text.slice(index * SNAPSHOT_CHUNK_CHARS, (index + 1) * SNAPSHOT_CHUNK_CHARS),
        })),
      );
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const current = await raw.get(MANIFEST);
        const previous = current && ManifestSchema.safeParse(current.value).data;
        if (previous !== undefined && Date.parse(previous.takenAt) > Date.parse(ours.takenAt)) {
          await deleteGeneration(raw, ours.generation);
          return result(false);
        }
        try {
          if (current === undefined) await raw.insert(MANIFEST, ours);
          else await raw.replace(MANIFEST, ours, current.etag);
        } catch (error) {
          if (isStoreError(error, "PreconditionFailed", "NotFound", "AlreadyExists")) continue;
          throw error;
        }
        if (previous !== undefined) await deleteGeneration(raw, previous.generation);
        return result(true);
      }
      await deleteGeneration(raw, ours.generation);
      throw new StoreError("Contention", "fleet snapshot: too many concurrent saves");
    },

    async load<C>(clusterSchema: z.ZodType<C>): Promise<FleetSnapshot<C> | undefined> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const current = await raw.get(MANIFEST);
        if (current === undefined) return undefined;
        const text = await readChunks(readManifest(current.value));
        if (text === undefined) {
          const again = await raw.get(MANIFEST);
          if (again?.etag === current.etag) {
            throw new StoreError("CorruptRecord", "fleet snapshot chunks are missing or damaged");
          }
          continue;
        }
        const json = (await gunzipAsync(Buffer.from(text, "base64"))).toString("utf8");
        const parsed = z
          .object({ takenAt: InstantSchema, clusters: z.array(clusterSchema) })
          .safeParse(JSON.parse(json));
        if (!parsed.success) {
          throw new StoreError("CorruptRecord", `fleet snapshot: ${z.prettifyError(parsed.error)}`);
        }
        return parsed.data;
      }
      throw new StoreError("Contention", "fleet snapshot changed during every read");
    },
  };
}
