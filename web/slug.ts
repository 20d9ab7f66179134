import { createHash } from 'node:crypto';

/** Short stable hash for file names derived from free text (subjects, odd ids). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
