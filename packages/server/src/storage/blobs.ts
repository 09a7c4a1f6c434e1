import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../domain/media/supportVideos.ts';

/** Clips as files under one folder; keys are made of server-generated ids only. */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    const path = resolve(this.root, key);
    // Keys come from ids, never from users; this guard keeps it that way.
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return path;
  }

  /**
   * [E17] Streams the chunks to a `.part` file beside the final one (with backpressure, so a
   * slow disk slows the upload rather than filling memory) and renames it when complete; on
   * any error the partial file is removed.
   */
  async write(key: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const path = this.path(key);
    const partial = `${path}.part`;
    await mkdir(dirname(path), { recursive: true });
    try {
      await pipeline(Readable.from(chunks), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async read(key: string): Promise<Uint8Array> {
    return readFile(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** For tests: clips in memory. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();
  async write(key: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    this.blobs.set(key, Buffer.concat(parts));
  }
  read(key: string): Promise<Uint8Array> {
    const data = this.blobs.get(key);
    return data ? Promise.resolve(data) : Promise.reject(new Error(`no blob ${key}`));
  }
  remove(key: string): Promise<void> {
    this.blobs.delete(key);
    return Promise.resolve();
  }
}
