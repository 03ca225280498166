/**
 * The packages a simulated Oracle Linux 8.10 host knows: what each requires, which services and commands it
 * brings, and where it comes from. oVirt packages need the oVirt repository, which oracle-ovirt-release-el8
 * configures (as on a real host).
 */

export const Repository = {
  /** ol8_baseos_latest and ol8_appstream: always enabled. */
  BASE: 'ol8_baseos_latest',
  /** ol8_ovirt45: enabled by oracle-ovirt-release-el8. */
  OVIRT: 'ol8_ovirt45',
} as const;
export type Repository = (typeof Repository)[keyof typeof Repository];

export const OVIRT_RELEASE_PACKAGE = 'oracle-ovirt-release-el8';
export const ENGINE_PACKAGE = 'ovirt-engine';

export interface ServiceSpec {
  description: string;
  /** State right after installation (before anyone runs systemctl). */
  isEnabledOnInstall: boolean;
  isActiveOnInstall: boolean;
}

export interface PackageSpec {
  /** version-release.arch, e.g. `4.50.5.1-1.el8.x86_64`. */
  evra: string;
  repository: Repository;
  sizeMiB: number;
  requires?: string[];
  services?: Record<string, ServiceSpec>;
  /** Commands this package puts on the PATH (commands not listed anywhere are always there). */
  commands?: string[];
  /** Installed on every fresh host. */
  isPreinstalled?: boolean;
  /** dnf refuses to remove it. */
  isProtected?: boolean;
  /** Only the engine machine (a host outside the cluster's sites) may install it. */
  isEngineMachineOnly?: boolean;
  /** Files the package installs (path -> content); their directories are created with them. */
  files?: Record<string, string>;
}

const enabledRunning = (description: string): ServiceSpec => ({
  description,
  isEnabledOnInstall: true,
  isActiveOnInstall: true,
});
const installedStopped = (description: string): ServiceSpec => ({
  description,
  isEnabledOnInstall: false,
  isActiveOnInstall: false,
});

const BASE: Record<string, PackageSpec> = {
  bash: { evra: '4.4.20-5.el8.x86_64', repository: Repository.BASE, sizeMiB: 1.6, isPreinstalled: true },
  coreutils: { evra: '8.30-15.0.1.el8.x86_64', repository: Repository.BASE, sizeMiB: 1.2, isPreinstalled: true },
  dnf: {
    evra: '4.7.0-20.0.1.el8.noarch',
    repository: Repository.BASE,
    sizeMiB: 0.5,
    isPreinstalled: true,
    isProtected: true,
  },
  rpm: { evra: '4.14.3-31.0.1.el8.x86_64', repository: Repository.BASE, sizeMiB: 0.5, isPreinstalled: true },
  systemd: {
    evra: '239-82.0.1.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 3.7,
    isPreinstalled: true,
    isProtected: true,
  },
  sudo: {
    evra: '1.9.5p2-1.el8_9.x86_64',
    repository: Repository.BASE,
    sizeMiB: 1.0,
    isPreinstalled: true,
    isProtected: true,
  },
  hostname: { evra: '3.20-6.el8.x86_64', repository: Repository.BASE, sizeMiB: 0.03, isPreinstalled: true },
  iproute: { evra: '6.2.0-5.el8_9.x86_64', repository: Repository.BASE, sizeMiB: 0.8, isPreinstalled: true },
  iputils: { evra: '20180629-11.el8.x86_64', repository: Repository.BASE, sizeMiB: 0.2, isPreinstalled: true },
  'kernel-uek': {
    evra: '5.15.0-209.161.7.2.el8uek.x86_64',
    repository: Repository.BASE,
    sizeMiB: 60,
    isPreinstalled: true,
    isProtected: true,
  },
  'oraclelinux-release-el8': {
    evra: '1.0-39.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.1,
    isPreinstalled: true,
  },
  'openssh-server': {
    evra: '8.0p1-24.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.5,
    isPreinstalled: true,
    services: { sshd: enabledRunning('OpenSSH server daemon') },
  },
  chrony: {
    evra: '4.5-1.0.1.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.3,
    isPreinstalled: true,
    services: { chronyd: enabledRunning('NTP client/server') },
  },
  firewalld: {
    evra: '0.9.11-9.0.1.el8.noarch',
    repository: Repository.BASE,
    sizeMiB: 0.5,
    isPreinstalled: true,
    services: { firewalld: enabledRunning('firewalld - dynamic firewall daemon') },
  },
  [OVIRT_RELEASE_PACKAGE]: {
    evra: '1.0-12.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.02,
    files: {
      '/etc/yum.repos.d/oracle-ovirt-ol8.repo':
        '[ol8_ovirt45]\nname=Oracle Linux Virtualization Manager 4.5 for Oracle Linux 8 ($basearch)\nbaseurl=https://yum$ociregion.$ocidomain/repo/OracleLinux/OL8/ovirt45/$basearch/\ngpgcheck=1\nenabled=1\n',
    },
  },
  'vim-enhanced': { evra: '8.0.1763-19.0.1.el8_6.4.x86_64', repository: Repository.BASE, sizeMiB: 1.4 },
  tmux: { evra: '2.7-3.el8.x86_64', repository: Repository.BASE, sizeMiB: 0.3 },
  rsync: { evra: '3.1.3-19.el8_7.1.x86_64', repository: Repository.BASE, sizeMiB: 0.4 },
  tar: { evra: '1.30-9.el8.x86_64', repository: Repository.BASE, sizeMiB: 0.8 },
  'bind-utils': { evra: '9.11.36-11.el8_9.x86_64', repository: Repository.BASE, sizeMiB: 0.5 },
  lvm2: { evra: '2.03.14-13.el8_9.x86_64', repository: Repository.BASE, sizeMiB: 1.7 },
  'nfs-utils': {
    evra: '2.3.3-59.0.1.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.5,
    services: { 'nfs-server': installedStopped('NFS server and services') },
  },
  'iscsi-initiator-utils': {
    evra: '6.2.1.4-8.git095f59c.0.1.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.4,
    services: { iscsid: installedStopped('Open-iSCSI') },
  },
  'device-mapper-multipath': {
    evra: '0.8.4-41.el8.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.2,
    services: { multipathd: installedStopped('Device-Mapper Multipath Device Controller') },
  },
  tuned: {
    evra: '2.21.0-1.el8_9.noarch',
    repository: Repository.BASE,
    sizeMiB: 0.3,
    services: { tuned: enabledRunning('Dynamic System Tuning Daemon') },
  },
  'postgresql-server': {
    evra: '12.18-1.module+el8.9.0+90183+a2b6f3e4.x86_64',
    repository: Repository.BASE,
    sizeMiB: 5.4,
    services: { postgresql: installedStopped('PostgreSQL database server') },
  },
  libvirt: {
    evra: '8.0.0-23.module+el8.9.0+90090+6c6e8a1d.x86_64',
    repository: Repository.BASE,
    sizeMiB: 0.1,
    services: { libvirtd: installedStopped('Virtualization daemon') },
  },
  'qemu-kvm': { evra: '6.2.0-40.module+el8.9.0+90090+6c6e8a1d.x86_64', repository: Repository.BASE, sizeMiB: 0.1 },
};

const OVIRT: Record<string, PackageSpec> = {
  [ENGINE_PACKAGE]: {
    evra: '4.5.5-1.0.27.el8.noarch',
    repository: Repository.OVIRT,
    sizeMiB: 14,
    requires: ['ovirt-engine-setup', 'postgresql-server'],
    isEngineMachineOnly: true,
    services: { 'ovirt-engine': installedStopped('oVirt Engine') },
    files: {
      '/etc/ovirt-engine/engine.conf.d/README': 'Files in this directory are read by the engine in lexical order.\n',
    },
  },
  'ovirt-engine-setup': {
    evra: '4.5.5-1.0.27.el8.noarch',
    repository: Repository.OVIRT,
    sizeMiB: 0.2,
    commands: ['engine-setup', 'engine-cleanup'],
    isEngineMachineOnly: true,
  },
  vdsm: {
    evra: '4.50.5.1-1.el8.x86_64',
    repository: Repository.OVIRT,
    sizeMiB: 1.4,
    requires: ['vdsm-client', 'libvirt', 'qemu-kvm'],
    services: {
      vdsmd: installedStopped('Virtual Desktop Server Manager'),
      supervdsmd: installedStopped('Auxiliary vdsm service for running helper functions as root'),
    },
    files: { '/etc/vdsm/vdsm.conf': '[vars]\nssl = true\n\n[addresses]\nmanagement_port = 54321\n' },
  },
  'vdsm-client': {
    evra: '4.50.5.1-1.el8.noarch',
    repository: Repository.OVIRT,
    sizeMiB: 0.03,
    commands: ['vdsm-client'],
  },
  'ovirt-host': { evra: '4.5.0-3.el8.x86_64', repository: Repository.OVIRT, sizeMiB: 0.01, requires: ['vdsm'] },
  'ovirt-hosted-engine-ha': {
    evra: '2.5.1-1.el8.noarch',
    repository: Repository.OVIRT,
    sizeMiB: 0.3,
    services: {
      'ovirt-ha-agent': installedStopped('oVirt Hosted Engine High Availability Monitoring Agent'),
      'ovirt-ha-broker': installedStopped('oVirt Hosted Engine High Availability Communications Broker'),
    },
  },
  'ovirt-hosted-engine-setup': {
    evra: '2.7.1-1.el8.noarch',
    repository: Repository.OVIRT,
    sizeMiB: 0.3,
    requires: ['ovirt-hosted-engine-ha', 'ovirt-host'],
    commands: ['hosted-engine'],
  },
  'ovirt-engine-appliance': { evra: '4.5-20231201120051.1.el8.x86_64', repository: Repository.OVIRT, sizeMiB: 1480 },
};

export const PACKAGES: Readonly<Record<string, PackageSpec>> = { ...BASE, ...OVIRT };

export function findPackage(name: string): PackageSpec | undefined {
  return Object.hasOwn(PACKAGES, name) ? PACKAGES[name] : undefined;
}

/** The package that puts `command` on the PATH, if the command comes from one. */
export function packageProvidingCommand(command: string): string | undefined {
  return Object.keys(PACKAGES).find((name) => PACKAGES[name]?.commands?.includes(command));
}

export function serviceSpec(service: string): { package: string; spec: ServiceSpec } | undefined {
  for (const [name, spec] of Object.entries(PACKAGES)) {
    const found = spec.services?.[service];
    if (found) return { package: name, spec: found };
  }
  return undefined;
}

/** `vdsm-4.50.5.1-1.el8.x86_64` */
export function packageNevra(name: string, evra: string): string {
  return `${name}-${evra}`;
}
