import { FetchError } from '../../functions/http/errors.js';

/** Resolves after `ms`, or rejects as an aborted fetch of `url` when `signal` aborts first. */
export function abortableDelay(ms: number, url: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(new FetchError({ url, attempts: 1, reason: 'aborted', detail: 'aborted' }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    if (signal?.aborted) aborted();
    else signal?.addEventListener('abort', aborted, { once: true });
  });
}
