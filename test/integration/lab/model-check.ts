/**
 * Checks the lab's representations against the API model as data (test/fixtures/api-model/model-types.json,
 * derived from the model's types and services): every element is an attribute of its type with a value of the
 * attribute's type, every entity's `link` rels are its service's locators, and the elements the engine's mappers
 * send on a plain read (plain-read.json) are there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Doc } from './http';
import { shapeOf } from './crawler';

interface ModelType {
  extends: string[];
  attributes: Record<string, string>;
  element?: string;
  plural?: string;
}

interface ModelService {
  links: [string, string][];
}

interface Model {
  types: Record<string, ModelType>;
  enums: Record<string, string[]>;
  services: Record<string, ModelService>;
}

export interface PlainRead {
  source: string;
  always: string[];
  running?: string[];
  reported?: string[];
  attached?: string[];
}

const DIR = path.join(__dirname, '../../fixtures/api-model');
export const MODEL = JSON.parse(readFileSync(path.join(DIR, 'model-types.json'), 'utf8')) as Model;
export const PLAIN_READ = JSON.parse(readFileSync(path.join(DIR, 'plain-read.json'), 'utf8')) as Record<
  string,
  PlainRead | string
>;

const PRIMITIVE_FORMS: Record<string, RegExp> = {
  String: /[\s\S]*/,
  Boolean: /^(true|false)$/,
  Integer: /^-?\d+$/,
  Double: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/,
  Date: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/,
};
const XML_ATTRIBUTES = new Set(['@id', '@href', '@rel']);

const byElement = new Map<string, string>();
const byPlural = new Map<string, string>();
for (const [name, type] of Object.entries(MODEL.types)) {
  if (type.element !== undefined && !byElement.has(type.element)) byElement.set(type.element, name);
  if (type.plural !== undefined && !byPlural.has(type.plural)) byPlural.set(type.plural, name);
}

function attributesOf(name: string): Record<string, string> {
  const type = MODEL.types[name];
  if (type === undefined) return {};
  return Object.assign({}, ...type.extends.map(attributesOf), type.attributes) as Record<string, string>;
}

function asList(node: Doc): Doc[] {
  return node === undefined || node === '' ? [] : [node].flat();
}

function textOf(node: Doc): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && typeof node['#text'] === 'string') return node['#text'];
  return undefined;
}

function checkScalar(value: Doc, typeName: string, where: string, problems: string[]): void {
  const text = textOf(value);
  if (text === undefined) {
    problems.push(`${where}: expected a ${typeName} value, got an element`);
    return;
  }
  const form = PRIMITIVE_FORMS[typeName];
  if (form !== undefined && !form.test(text)) problems.push(`${where}: "${text}" is not a ${typeName}`);
  const values = MODEL.enums[typeName];
  if (values !== undefined && !values.includes(text)) problems.push(`${where}: "${text}" is not a ${typeName}`);
}

function checkValue(value: Doc, spec: string, name: string, where: string, problems: string[]): void {
  const isList = spec.endsWith('[]');
  const typeName = spec.replace('@Link ', '').replace('[]', '');
  const isStruct = MODEL.types[typeName] !== undefined;
  if (!isList) {
    if (isStruct) checkObject(value, typeName, where, problems);
    else checkScalar(value, typeName, where, problems);
    return;
  }
  if (value === '') return;
  const itemName = isStruct ? (MODEL.types[typeName]?.element ?? '') : name.replace(/s$/, '');
  for (const key of Object.keys(value ?? {})) {
    if (key !== itemName) problems.push(`${where}: list of ${typeName} holds <${key}>, expected <${itemName}>`);
  }
  for (const [index, item] of asList(value?.[itemName]).entries()) {
    checkValue(item, typeName, itemName, `${where}.${itemName}[${index}]`, problems);
  }
}

/** Every element of `node` is an attribute of the model type `typeName`, with a value of its type. */
export function checkObject(node: Doc, typeName: string, where: string, problems: string[]): void {
  if (node === '' || node === undefined) return;
  if (typeof node !== 'object' || node === null) {
    problems.push(`${where}: expected a ${typeName} element, got text "${String(node)}"`);
    return;
  }
  const attributes = attributesOf(typeName);
  for (const [key, value] of Object.entries(node)) {
    if (XML_ATTRIBUTES.has(key) || key === 'link' || key === 'actions') continue;
    const spec = attributes[key];
    if (spec === undefined) problems.push(`${where}: <${key}> is not an attribute of ${typeName}`);
    else checkValue(value, spec, key, `${where}.${key}`, problems);
  }
}

/** An XML document: its root is a type's element (one object) or plural (a collection). */
export function checkXmlDocument(doc: Doc, where: string, problems: string[]): void {
  const root = Object.keys(doc ?? {}).find((key) => !key.startsWith('?'));
  if (root === undefined || root === 'action' || root === 'fault') return;
  const single = byElement.get(root);
  if (single !== undefined) return checkObject(doc[root], single, `${where} <${root}>`, problems);
  const item = byPlural.get(root);
  if (item === undefined) {
    problems.push(`${where}: <${root}> is neither a type nor a collection of the model`);
    return;
  }
  const element = MODEL.types[item]?.element ?? '';
  for (const [index, node] of asList(doc[root]?.[element]).entries()) {
    checkObject(node, item, `${where} <${root}>[${index}]`, problems);
  }
}

/** The service an entity's own href belongs to, by its shape. */
export const SERVICE_BY_SHAPE: Record<string, string> = {
  '/hosts/:id': 'HostService',
  '/hosts/:id/numanodes/:id': 'HostNumaNodeService',
  '/vms/:id': 'VmService',
  '/clusters/:id': 'ClusterService',
  '/clusters/:id/affinitygroups/:id': 'AffinityGroupService',
  '/clusters/:id/cpuprofiles/:id': 'AssignedCpuProfileService',
  '/datacenters/:id': 'DataCenterService',
  '/datacenters/:id/storagedomains/:id': 'AttachedStorageDomainService',
  '/storagedomains/:id': 'StorageDomainService',
  '/storagedomains/:id/diskprofiles/:id': 'AssignedDiskProfileService',
  '/templates/:id': 'TemplateService',
  '/jobs/:id': 'JobService',
  '/jobs/:id/steps/:id': 'StepService',
  '/events/:id': 'EventService',
  '/users/:id': 'UserService',
  '/domains/:id': 'DomainService',
  '/domains/:id/users/:id': 'DomainUserService',
  '/roles/:id': 'RoleService',
  '/cpuprofiles/:id': 'CpuProfileService',
  '/diskprofiles/:id': 'DiskProfileService',
  '/macpools/:id': 'MacPoolService',
  '/schedulingpolicies/:id': 'SchedulingPolicyService',
  '/clusterlevels/:id': 'ClusterLevelService',
  '/tags/:id': 'TagService',
  '/icons/:id': 'IconService',
  '/operatingsystems/:id': 'OperatingSystemService',
};

/** The type a service reads, for the services whose entities link to sub-collections. */
const TYPE_OF_SERVICE: Record<string, string> = {
  HostService: 'Host',
  HostNumaNodeService: 'NumaNode',
  VmService: 'Vm',
  ClusterService: 'Cluster',
  AffinityGroupService: 'AffinityGroup',
  DataCenterService: 'DataCenter',
  AttachedStorageDomainService: 'StorageDomain',
  StorageDomainService: 'StorageDomain',
  TemplateService: 'Template',
  JobService: 'Job',
  StepService: 'Step',
  UserService: 'User',
  DomainService: 'Domain',
  RoleService: 'Role',
  CpuProfileService: 'CpuProfile',
  DiskProfileService: 'DiskProfile',
  MacPoolService: 'MacPool',
  SchedulingPolicyService: 'SchedulingPolicy',
  ClusterLevelService: 'ClusterLevel',
};

/**
 * The name `follow` takes for a link of the entity at `shape`: the type's attribute whose name without
 * underscores is the rel (ENGINE LinkFollower); undefined when the type has none (the engine cannot follow it).
 */
export function followName(shape: string, rel: string): string | undefined {
  const type = TYPE_OF_SERVICE[SERVICE_BY_SHAPE[shape] ?? ''];
  if (type === undefined) return undefined;
  return Object.keys(attributesOf(type)).find((name) => name.replace(/_/g, '') === rel);
}

/** Links the engine leaves out of a representation (RESTAPI/resource/BackendStorageDomainResource.java). */
const EXCLUDED_LINKS: Record<string, string[]> = { StorageDomainService: ['files', 'images'] };

/** The rels an entity at `shape` must link to, or undefined for shapes without a known service. */
export function expectedRels(shape: string): string[] | undefined {
  const service = SERVICE_BY_SHAPE[shape];
  if (service === undefined) return undefined;
  const excluded = EXCLUDED_LINKS[service] ?? [];
  return (MODEL.services[service]?.links ?? []).map(([rel]) => rel).filter((rel) => !excluded.includes(rel));
}

export function hrefShape(href: string): string {
  return shapeOf(href.replace(/^\/ovirt-engine\/api/, ''));
}

/** Dotted paths of `required` missing from the (JSON or XML-parsed) representation. */
export function missingPaths(node: Doc, required: readonly string[]): string[] {
  return required.filter((dotted) => {
    let current: Doc = node;
    for (const part of dotted.split('.')) {
      if (typeof current !== 'object' || current === null || !(part in current)) return true;
      current = current[part];
    }
    return current === undefined;
  });
}
