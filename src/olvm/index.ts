/** The engine REST API v4 client: create it, wait with it, recognise its errors. Types are in ./types. */
export { createOlvmClient, normalizeApiUrl } from './client';
export { createOlvmClientFromInventory } from './from-inventory';
export type { InventoryClientOptions } from './from-inventory';
export { normalizeCorrelationId } from './correlation';
export { OlvmApiError, OlvmConfigError, OlvmFailure, OlvmUsageError } from './errors';
export { buildSearch } from './search';
export { OlvmUnexpectedStatusError, OlvmWaitAbortedError, OlvmWaitTimeoutError, waitFor } from './wait';
export * from './types';
