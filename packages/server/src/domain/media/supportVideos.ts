import {
  MAX_SUPPORT_VIDEO_BYTES,
  ParleyError,
  SupportVideoType,
  type SupportVideo,
  type SupportVideoType as VideoType,
} from '@parley/protocol';
import type { Runtime } from '../runtime.ts';

export interface SupportVideoRecord extends SupportVideo {
  tenantId: string;
  createdBy: string;
}

/** Storage port for the library's metadata; every call is scoped by tenant. */
export interface SupportVideoStore {
  addSupportVideo(record: SupportVideoRecord): Promise<void>;
  listSupportVideos(tenantId: string): Promise<SupportVideoRecord[]>;
  getSupportVideo(tenantId: string, id: string): Promise<SupportVideoRecord | undefined>;
  deleteSupportVideo(tenantId: string, id: string): Promise<void>;
}

/** Port for the clips' bytes (a folder on disk in production). Keys are `tenant/id`. */
export interface BlobStore {
  /**
   * Stores the chunks as they arrive (never the whole clip in memory). When the chunks throw,
   * nothing is kept under the key and the error is passed on.
   */
  write(key: string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
  read(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

function strip(record: SupportVideoRecord): SupportVideo {
  const { tenantId: _tenant, createdBy: _by, ...video } = record;
  return video;
}

export interface SupportVideoLimits {
  /** One clip at most ([MD7]). */
  maxBytes: number;
  /** [E17] All of a tenant's clips together at most. */
  quotaBytes: number;
}

/**
 * The per-tenant library of pre-recorded support videos a consultant can play into a call
 * (F-19). [MD7] Only playable video types are accepted, up to MAX_SUPPORT_VIDEO_BYTES, and a
 * tenant only ever sees its own clips. [E17] A clip streams to storage as it arrives, and a
 * tenant's clips together stay within its quota: the bytes stored and those still arriving are
 * counted as they come, so parallel uploads cannot overshoot it either.
 */
export class SupportVideoLibrary {
  /** Bytes stored per tenant, read once from the store and kept up to date here. */
  private readonly stored = new Map<string, number>();
  /** Bytes of uploads still arriving, per tenant. */
  private readonly arriving = new Map<string, number>();

  constructor(
    private readonly store: SupportVideoStore,
    private readonly blobs: BlobStore,
    private readonly runtime: Runtime,
    private readonly limits: SupportVideoLimits = { maxBytes: MAX_SUPPORT_VIDEO_BYTES, quotaBytes: 1024 ** 3 },
  ) {}

  /** The content type a clip may be stored as, or a coded refusal. */
  static acceptedType(contentType: string | undefined): VideoType {
    const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
    const parsed = SupportVideoType.safeParse(base);
    if (!parsed.success) throw new ParleyError('unsupported_media_type');
    return parsed.data;
  }

  /** Bytes a tenant's stored clips take (for the quota). */
  async usedBytes(tenantId: string): Promise<number> {
    const known = this.stored.get(tenantId);
    if (known !== undefined) return known;
    const all = await this.store.listSupportVideos(tenantId);
    // Another call may have filled it meanwhile (and counted an upload since): keep that one.
    if (!this.stored.has(tenantId))
      this.stored.set(
        tenantId,
        all.reduce((sum, v) => sum + v.size, 0),
      );
    return this.stored.get(tenantId) ?? 0;
  }

  /**
   * Stores a clip from its chunks. `declaredBytes` (Content-Length, when sent) lets a clip that
   * cannot fit be refused before a byte is read; the count of what really arrives decides.
   */
  async upload(
    uploader: { tenantId: string; id: string },
    name: string,
    contentType: string | undefined,
    chunks: AsyncIterable<Uint8Array>,
    declaredBytes?: number,
  ): Promise<SupportVideo> {
    const type = SupportVideoLibrary.acceptedType(contentType);
    const { tenantId } = uploader;
    await this.usedBytes(tenantId);
    if (declaredBytes !== undefined) this.check(tenantId, declaredBytes);
    const record: SupportVideoRecord = {
      id: this.runtime.ids.next('vid'),
      tenantId,
      createdBy: uploader.id,
      name,
      type,
      size: 0,
      createdAt: this.runtime.clock.now(),
    };
    const counted = this.counted(tenantId, chunks, record);
    const key = `${tenantId}/${record.id}`;
    try {
      await this.blobs.write(key, counted);
      await this.store.addSupportVideo(record).catch(async (error: unknown) => {
        await this.blobs.remove(key);
        throw error;
      });
      // Stored now: from arriving to stored in one step, so no check sees it twice or not at all.
      this.stored.set(tenantId, (this.stored.get(tenantId) ?? 0) + record.size);
    } finally {
      this.addArriving(tenantId, -record.size);
    }
    return strip(record);
  }

  /** Passes the chunks on, counting them into `record.size` and refusing past the limits. */
  private async *counted(
    tenantId: string,
    chunks: AsyncIterable<Uint8Array>,
    record: SupportVideoRecord,
  ): AsyncIterable<Uint8Array> {
    for await (const chunk of chunks) {
      this.check(tenantId, chunk.byteLength, record.size);
      record.size += chunk.byteLength;
      this.addArriving(tenantId, chunk.byteLength);
      yield chunk;
    }
    if (record.size === 0) throw new ParleyError('invalid_message', 'the file is empty');
  }

  private addArriving(tenantId: string, bytes: number): void {
    const now = (this.arriving.get(tenantId) ?? 0) + bytes;
    if (now === 0) this.arriving.delete(tenantId);
    else this.arriving.set(tenantId, now);
  }

  /** Refuses `more` bytes for an upload that has `sofar`: too big alone, or more than the tenant has left. */
  private check(tenantId: string, more: number, sofar = 0): void {
    if (sofar + more > this.limits.maxBytes) throw new ParleyError('file_too_large');
    const taken = (this.stored.get(tenantId) ?? 0) + (this.arriving.get(tenantId) ?? 0);
    if (taken + more > this.limits.quotaBytes) throw new ParleyError('storage_quota_exceeded');
  }

  async list(tenantId: string): Promise<SupportVideo[]> {
    return (await this.store.listSupportVideos(tenantId)).map(strip);
  }

  async open(tenantId: string, id: string): Promise<{ video: SupportVideo; data: Uint8Array }> {
    const record = await this.store.getSupportVideo(tenantId, id);
    if (!record) throw new ParleyError('not_found');
    return { video: strip(record), data: await this.blobs.read(`${tenantId}/${id}`) };
  }

  async remove(tenantId: string, id: string): Promise<void> {
    const record = await this.store.getSupportVideo(tenantId, id);
    if (!record) throw new ParleyError('not_found');
    await this.store.deleteSupportVideo(tenantId, id);
    const stored = this.stored.get(tenantId);
    if (stored !== undefined) this.stored.set(tenantId, Math.max(0, stored - record.size));
    await this.blobs.remove(`${tenantId}/${id}`);
  }
}
