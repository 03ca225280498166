/**
 * Package transactions on a simulated host: what `dnf install` would add (with dependencies), what `dnf remove`
 * would take away (with dependents), and applying either to the host's state.
 */
import { findPackage, OVIRT_RELEASE_PACKAGE, PACKAGES, Repository, type PackageSpec } from './catalog';
import { installPackageFiles, removePackageFiles } from './state';
import type { HostEntry } from '../../inventory/types';
import type { HostState } from './types';

export interface InstallPlan {
  /** Requested packages to install, then their dependencies, none installed yet. */
  requested: string[];
  dependencies: string[];
  alreadyInstalled: string[];
  /** Names no enabled repository has. */
  missing: string[];
  /** Packages this host may not have, with the reason. */
  refused: { name: string; reason: string }[];
}

/** `vdsm.x86_64` and `vdsm-4.50.5.1-1.el8` name vdsm. */
export function packageNameOf(argument: string): string {
  const bare = argument.replace(/\.(x86_64|noarch)$/, '');
  if (findPackage(bare)) return bare;
  const match = Object.keys(PACKAGES).find(
    (name) => bare.startsWith(`${name}-`) && /^\d/.test(bare.slice(name.length + 1))
  );
  return match ?? bare;
}

export function isRepositoryEnabled(state: HostState, repository: Repository, transaction: readonly string[]): boolean {
  return (
    repository === Repository.BASE ||
    state.packages[OVIRT_RELEASE_PACKAGE] !== undefined ||
    transaction.includes(OVIRT_RELEASE_PACKAGE)
  );
}

export function planInstall(state: HostState, host: HostEntry, argumentsGiven: readonly string[]): InstallPlan {
  const names = argumentsGiven.map(packageNameOf);
  const plan: InstallPlan = { requested: [], dependencies: [], alreadyInstalled: [], missing: [], refused: [] };
  for (const [index, name] of names.entries()) {
    const spec = findPackage(name);
    if (!spec || !isRepositoryEnabled(state, spec.repository, names)) plan.missing.push(argumentsGiven[index] ?? name);
    else if (state.packages[name] !== undefined) plan.alreadyInstalled.push(name);
    else if (!plan.requested.includes(name)) plan.requested.push(name);
  }
  for (const name of plan.requested) collectDependencies(state, name, plan);
  for (const name of [...plan.requested, ...plan.dependencies]) {
    if (findPackage(name)?.isEngineMachineOnly && host.site !== undefined) {
      plan.refused.push({
        name,
        reason: `${name} belongs on the engine machine, and ${host.name} is a hypervisor of site ${host.site}`,
      });
    }
  }
  return plan;
}

function collectDependencies(state: HostState, name: string, plan: InstallPlan): void {
  for (const dependency of findPackage(name)?.requires ?? []) {
    if (
      state.packages[dependency] !== undefined ||
      plan.requested.includes(dependency) ||
      plan.dependencies.includes(dependency)
    )
      continue;
    plan.dependencies.push(dependency);
    collectDependencies(state, dependency, plan);
  }
}

/** The named packages and everything they need, minus what is installed. */
export function withDependencies(state: HostState, names: readonly string[]): string[] {
  const plan: InstallPlan = {
    requested: names.filter((name) => state.packages[name] === undefined),
    dependencies: [],
    alreadyInstalled: [],
    missing: [],
    refused: [],
  };
  for (const name of plan.requested) collectDependencies(state, name, plan);
  return [...plan.requested, ...plan.dependencies];
}

export function applyInstall(state: HostState, names: readonly string[]): void {
  for (const name of names) installPackageFiles(state, name, findPackage(name) as PackageSpec);
}

export interface RemovePlan {
  requested: string[];
  /** Installed packages that need a removed one and go with it. */
  dependents: string[];
  notInstalled: string[];
  protectedPackages: string[];
}

export function planRemove(state: HostState, argumentsGiven: readonly string[]): RemovePlan {
  const plan: RemovePlan = { requested: [], dependents: [], notInstalled: [], protectedPackages: [] };
  for (const argument of argumentsGiven) {
    const name = packageNameOf(argument);
    if (state.packages[name] === undefined) plan.notInstalled.push(argument);
    else if (!plan.requested.includes(name)) plan.requested.push(name);
  }
  let isGrowing = true;
  while (isGrowing) {
    const removed = [...plan.requested, ...plan.dependents];
    const more = Object.keys(state.packages).filter(
      (name) =>
        !removed.includes(name) &&
        (findPackage(name)?.requires ?? []).some((dependency) => removed.includes(dependency))
    );
    plan.dependents.push(...more);
    isGrowing = more.length > 0;
  }
  plan.protectedPackages = [...plan.requested, ...plan.dependents].filter((name) => findPackage(name)?.isProtected);
  return plan;
}

export function applyRemove(state: HostState, names: readonly string[]): void {
  for (const name of names) {
    const spec = findPackage(name);
    if (spec) removePackageFiles(state, name, spec);
    else delete state.packages[name];
  }
}
