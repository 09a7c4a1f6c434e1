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
  write(key: string, data: Uint8Array): Promise<void>;
  read(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

function strip(record: SupportVideoRecord): SupportVideo {
  const { tenantId: _tenant, createdBy: _by, ...video } = record;
  return video;
}

/**
 * The per-tenant library of pre-recorded support videos a consultant can play into a call
 * (F-19). [MD7] Only playable video types are accepted, up to MAX_SUPPORT_VIDEO_BYTES, and a
 * tenant only ever sees its own clips.
 */
export class SupportVideoLibrary {
  constructor(
    private readonly store: SupportVideoStore,
    private readonly blobs: BlobStore,
    private readonly runtime: Runtime,
    private readonly maxBytes = MAX_SUPPORT_VIDEO_BYTES,
  ) {}

  /** The content type a clip may be stored as, or a coded refusal. */
  static acceptedType(contentType: string | undefined): VideoType {
    const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
    const parsed = SupportVideoType.safeParse(base);
    if (!parsed.success) throw new ParleyError('unsupported_media_type');
    return parsed.data;
  }

  async upload(
    uploader: { tenantId: string; id: string },
    name: string,
    contentType: string | undefined,
    data: Uint8Array,
  ): Promise<SupportVideo> {
    const type = SupportVideoLibrary.acceptedType(contentType);
    if (data.byteLength > this.maxBytes) throw new ParleyError('file_too_large');
    if (data.byteLength === 0) throw new ParleyError('invalid_message', 'the file is empty');
    const record: SupportVideoRecord = {
      id: this.runtime.ids.next('vid'),
      tenantId: uploader.tenantId,
      createdBy: uploader.id,
      name,
      type,
      size: data.byteLength,
      createdAt: this.runtime.clock.now(),
    };
    await this.blobs.write(`${record.tenantId}/${record.id}`, data);
    await this.store.addSupportVideo(record);
    return strip(record);
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
    await this.blobs.remove(`${tenantId}/${id}`);
  }
}
