/** The notification module's public face for the CLI and the configuration file. */
export { NotifySpecError } from './errors.js';
export { localDestination, parseNotifySpec } from './notify-spec.js';
export { describeTarget, redactSecrets, redactUrl } from './redact.js';
