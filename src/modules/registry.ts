/**
 * Every step module by name. A plain import list and object literal: add a module by importing it and adding
 * one entry. Runbook loading and the engine both look modules up here.
 */
import type { StepModule } from './types';
import { checkCapacity } from './check/capacity';
import { checkEngineHa } from './check/engine-ha';
import { checkHaReadiness } from './check/ha-readiness';
import { checkHostedEngine } from './check/hosted-engine';
import { checkL2 } from './check/l2';
import { checkLatency } from './check/latency';
import { checkStorage } from './check/storage';
import { assert } from './core/assert';
import { echo } from './core/echo';
import { localCommand } from './core/local-command';
import { pause } from './core/pause';
import { wait } from './core/wait';
import { olvmAffinityGroup } from './olvm/affinity-group';
import { olvmFacts } from './olvm/facts';
import { olvmHost } from './olvm/host';
import { olvmPkiResource } from './olvm/pki-resource';
import { olvmEngineVm } from './olvm/engine-vm';
import { olvmSpm } from './olvm/spm';
import { olvmWait } from './olvm/wait';
import { olvmVm } from './olvm/vm';
import { sshAuthorizedKey } from './ssh/authorized-key';
import { sshCommand } from './ssh/command';
import { sshCopy } from './ssh/copy';
import { sshPackage } from './ssh/package';
import { sshScript } from './ssh/script';
import { sshService } from './ssh/service';
import { sshTemplate } from './ssh/template';

export const modules = {
  assert,
  echo,
  wait,
  pause,
  'local.command': localCommand,
  'ssh.command': sshCommand,
  'ssh.script': sshScript,
  'ssh.copy': sshCopy,
  'ssh.template': sshTemplate,
  'ssh.package': sshPackage,
  'ssh.service': sshService,
  'ssh.authorized_key': sshAuthorizedKey,
  'olvm.host': olvmHost,
  'olvm.vm': olvmVm,
  'olvm.affinity_group': olvmAffinityGroup,
  'olvm.spm': olvmSpm,
  'olvm.engine_vm': olvmEngineVm,
  'olvm.facts': olvmFacts,
  'olvm.wait': olvmWait,
  'olvm.pki_resource': olvmPkiResource,
  'check.latency': checkLatency,
  'check.l2': checkL2,
  'check.storage': checkStorage,
  'check.engine_ha': checkEngineHa,
  'check.hosted_engine': checkHostedEngine,
  'check.ha_readiness': checkHaReadiness,
  'check.capacity': checkCapacity,
} satisfies Record<string, StepModule<any, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ModuleName = keyof typeof modules;

export function isModuleName(name: string): name is ModuleName {
  return Object.hasOwn(modules, name);
}

/** The module of that name, or undefined. */
export function getModule(name: string): StepModule<unknown, unknown> | undefined {
  return isModuleName(name) ? (modules[name] as StepModule<unknown, unknown>) : undefined;
}

/** Every module name, sorted (for messages: `known: assert, echo, …`). */
export function moduleNames(): string[] {
  return Object.keys(modules).sort();
}
