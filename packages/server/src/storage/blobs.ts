import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
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

  async write(key: string, data: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
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
  write(key: string, data: Uint8Array): Promise<void> {
    this.blobs.set(key, data);
    return Promise.resolve();
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
