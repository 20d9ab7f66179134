/**
 * Daily digest entry point (scheduled). Placeholder until the digest use case lands.
 */
export const handler = async (): Promise<{ delivered: number }> => ({ delivered: 0 });
