import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OfflineImageType } from '@parley/protocol';

const extensions: Record<OfflineImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

const SAFE_NAME = /^[A-Za-z0-9_-]{1,80}\.(png|jpg|webp)$/;
const SAFE_TENANT = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The image type the bytes really are, from their magic numbers — never from what the client
 * claims, so a script or HTML file cannot be uploaded under an image name.
 */
export function detectImageType(bytes: Uint8Array): OfflineImageType | null {
  const at = (offset: number, ...expected: number[]): boolean => expected.every((b, i) => bytes[offset + i] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  // RIFF....WEBP
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/** The content type to serve a stored file with, from the extension we gave it. */
export function contentTypeOf(fileName: string): OfflineImageType | null {
  const ext = fileName.split('.').pop();
  const found = Object.entries(extensions).find(([, e]) => e === ext);
  return found ? (found[0] as OfflineImageType) : null;
}

/**
 * Uploaded files on disk, one folder per tenant under the configured uploads folder. Names are
 * made here (never taken from a request) and checked again before any path is built.
 */
export class UploadStore {
  constructor(private readonly root: string) {}

  /** File name for a new upload: a fresh name per upload, so browsers never show a stale picture. */
  static fileName(base: string, type: OfflineImageType): string {
    return `${base}.${extensions[type]}`;
  }

  async save(tenantId: string, fileName: string, bytes: Uint8Array): Promise<void> {
    const dir = this.dir(tenantId);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, this.checked(fileName)), bytes);
  }

  /** The file's bytes, or undefined when it is gone. */
  async read(tenantId: string, fileName: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.dir(tenantId), this.checked(fileName)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(tenantId: string, fileName: string): Promise<void> {
    await rm(join(this.dir(tenantId), this.checked(fileName)), { force: true });
  }

  private dir(tenantId: string): string {
    if (!SAFE_TENANT.test(tenantId)) throw new Error(`unsafe tenant id for a path: ${tenantId}`);
    return join(this.root, tenantId);
  }

  private checked(fileName: string): string {
    if (!SAFE_NAME.test(fileName)) throw new Error(`unsafe upload name: ${fileName}`);
    return fileName;
  }
}
