// Placeholder until the monitor cycle lands: lets `cdk synth` bundle real code.
export const handler = async (): Promise<{ ok: true }> => ({ ok: true });
