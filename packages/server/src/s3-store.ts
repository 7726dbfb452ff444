/**
 * Job files in an S3-compatible object store (MinIO, Ceph, a cloud's object storage, AWS S3), for
 * deployments whose app processes and workers share no folder. Writes stream through a multipart
 * upload that becomes visible only when complete (S3 puts are atomic), so a reader never sees half a
 * file and a failed write leaves nothing behind; reads stream the object's body.
 */
import type * as S3 from '@aws-sdk/client-s3';
import type * as Storage from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { checkKey, type FileStore } from './file-store.js';

export interface S3Options {
  /** The service's address, e.g. `https://minio.example.cn:9000`. */
  url: string;
  bucket: string;
  /** Keys go under `prefix/` when the bucket holds other things too. */
  prefix?: string;
  accessKey: string;
  secretKey: string;
  /** Default `us-east-1`, which MinIO and most S3-compatible services accept. */
  region?: string;
  /**
   * Addresses as `url/bucket/key` (default; what MinIO and most self-hosted services expect), or false for
   * `bucket.host/key`, which some cloud object storages require.
   */
  pathStyle?: boolean;
}

/**
 * Parts of a multipart upload: up to 4 are in memory at once (the upload's queue), and 10,000 parts
 * (S3's limit) allow a ZIP of 97 GiB.
 */
const PART_SIZE = 10 * 1024 * 1024;
/** S3's limit of keys in one DeleteObjects request. */
const DELETE_BATCH = 1000;

interface Connection {
  s3: typeof S3;
  Upload: typeof Storage.Upload;
  client: S3.S3Client;
}

export class S3Store implements FileStore {
  private readonly options: S3Options;
  private readonly bucket: string;
  private readonly prefix: string;
  private connection: Promise<Connection> | undefined;

  constructor(options: S3Options) {
    this.options = options;
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  }

  /** The SDK is loaded on first use: half a second of start-up that a deployment with a folder never pays. */
  private connect(): Promise<Connection> {
    this.connection ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, { Upload }]) => {
      const { url, region, pathStyle, accessKey, secretKey } = this.options;
      const client = new s3.S3Client({
        endpoint: url,
        region: region ?? 'us-east-1',
        forcePathStyle: pathStyle ?? true,
        credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
        // Checksums only where S3 requires them: many S3-compatible services reject the SDK's newer default ones.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { s3, Upload, client };
    });
    return this.connection;
  }

  private objectKey(key: string): string {
    checkKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async write(key: string, content: Readable | Uint8Array): Promise<number> {
    const { Upload, client } = await this.connect();
    let size = 0;
    const body =
      content instanceof Uint8Array
        ? content
        : Readable.from(
            (async function* counted() {
              for await (const chunk of content as AsyncIterable<Buffer>) {
                size += chunk.length;
                yield chunk;
              }
            })(),
          );
    // A body smaller than one part is sent in one PutObject; a larger one as a multipart upload, which
    // is aborted (its parts deleted) when the stream or a part fails.
    await new Upload({ client, params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body }, partSize: PART_SIZE }).done();
    return content instanceof Uint8Array ? content.byteLength : size;
  }

  async read(key: string): Promise<{ stream: Readable; size: number } | null> {
    const { s3, client } = await this.connect();
    try {
      const object = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      // On Node the body is the HTTP response; its size comes with it, so both describe the same version.
      return { stream: object.Body as Readable, size: object.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof s3.NoSuchKey) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const { s3, client } = await this.connect();
    const keys: string[] = [];
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    const pages = s3.paginateListObjectsV2({ client }, { Bucket: this.bucket, Prefix: `${this.objectKey(prefix)}/` });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(strip));
    }
    return keys.sort();
  }

  async remove(key: string): Promise<void> {
    const { s3, client } = await this.connect();
    const keys = [key, ...(await this.list(key))].map((k) => this.objectKey(k));
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const result = await client.send(
        new s3.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = result.Errors?.[0];
      if (failed) throw new Error(`cannot delete ${failed.Key} from the S3 bucket: ${failed.Code} ${failed.Message}`);
    }
  }
}
