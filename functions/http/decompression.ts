/**
 * Content-Encoding: what the transport received, inflated with node:zlib under the same size cap.
 * Apart from the transport because it is bytes in, bytes out.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AttemptFailure, tooLarge } from './attempt-failure.js';

/** The codings of a Content-Encoding header in the order they were applied (`identity` dropped). */
export function parseContentEncoding(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '' && item !== 'identity');
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/**
 * Undoes Content-Encoding (last applied first). The compressed size was already capped while
 * streaming; `maxOutputLength` caps the inflated size, so a decompression bomb stops at the cap.
 * zlib's one-shot async functions run in the libuv pool and do not block the event loop.
 */
export async function decompress(
  raw: Buffer,
  encodings: string[],
  maxBytes: number,
): Promise<Buffer> {
  let data = raw;
  for (const encoding of [...encodings].reverse()) {
    if (data.length === 0) break;
    const options = { maxOutputLength: maxBytes };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') data = await gunzip(data, options);
      else if (encoding === 'br') data = await brotliDecompress(data, options);
      else if (encoding === 'deflate') {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate (browsers accept both).
        data = await inflate(data, options).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'Z_DATA_ERROR') return inflateRaw(data, options);
          throw error;
        });
      } else {
        throw new AttemptFailure(
          'content-decoding',
          `unsupported content-encoding ${encoding}`,
          false,
        );
      }
    } catch (error) {
      if (error instanceof AttemptFailure) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(`decompressed body exceeds ${maxBytes} bytes`);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new AttemptFailure(
        'content-decoding',
        `cannot decode ${encoding} body: ${message}`,
        false,
        {
          cause: error,
        },
      );
    }
  }
  return data;
}
