/** The API root (`GET /ovirt-engine/api`): product information and the engine's clock (ovirt-api.md §11.1). */
import { parseVersion } from '../parse/topology';
import { requireObject } from '../parse/common';
import { optional, readEpochMs, readObject, readString } from '../scalars';
import type { EngineInfo, ReadOptions } from '../types';
import type { Api } from './api';

export function parseEngineInfo(value: unknown): EngineInfo {
  const json = requireObject(value, 'api');
  const product = readObject(json, 'product_info');
  return {
    ...optional('time', readEpochMs(json, 'time')),
    ...optional('productName', readString(product, 'name')),
    ...optional('version', parseVersion(readObject(product, 'version'))),
  };
}

export function readEngineInfo(api: Api, options: ReadOptions = {}): Promise<EngineInfo> {
  return api.read('', parseEngineInfo, 'the API root', options.signal);
}
