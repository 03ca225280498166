/** Data centers (with their attached storage domains), clusters, storage domains: read-only here (§6). */
import type { Cluster, StorageDomain } from '../model';
import { parseCluster, parseDataCenter, parseStorageDomain } from '../parse/topology';
import type { DataCentersResource, ReadableCollection } from '../types';
import type { Api } from './api';
import { seg, signalOf } from './api';
import { createCollection } from './collection';

export function createClustersResource(api: Api): ReadableCollection<Cluster> {
  return createCollection(api, {
    path: '/clusters',
    key: 'cluster',
    kind: 'cluster',
    plural: 'clusters',
    parse: parseCluster,
  });
}

export function createStorageDomainsResource(api: Api): ReadableCollection<StorageDomain> {
  return createCollection(api, {
    path: '/storagedomains',
    key: 'storage_domain',
    kind: 'storage domain',
    plural: 'storage domains',
    parse: parseStorageDomain,
  });
}

export function createDataCentersResource(api: Api): DataCentersResource {
  const collection = createCollection(api, {
    path: '/datacenters',
    key: 'data_center',
    kind: 'data center',
    plural: 'data centers',
    parse: parseDataCenter,
  });
  return {
    ...collection,
    storageDomains: (dataCenterId) => {
      const base = `/datacenters/${seg(dataCenterId)}/storagedomains`;
      const where = `of ${api.names.label('data center', dataCenterId)}`;
      return {
        list: (options = {}) =>
          api.list({
            path: base,
            key: 'storage_domain',
            parse: parseStorageDomain,
            what: `storage domains ${where}`,
            options: signalOf(options.signal),
          }),
        get: (storageDomainId, options = {}) =>
          api.get(
            `${base}/${seg(storageDomainId)}`,
            parseStorageDomain,
            `${api.names.label('storage domain', storageDomainId)} ${where}`,
            signalOf(options.signal)
          ),
      };
    },
  };
}
