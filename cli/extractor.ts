// The CLI extracts figures with exactly the function the Lambda uses.
export { extractMetrics } from '../functions/metrics/index.js';
