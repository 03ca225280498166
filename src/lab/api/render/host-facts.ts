/**
 * What VDSM reports about a lab host once the engine has talked to it, as HostMapper.map(VDS) sends it on every
 * read (ENGINE TYPES/HostMapper.java; docs/lab-engine.md): the operating system, the CPU, the hardware, the
 * VDSM and libvirt versions, the SSH host key and the certificate. The lab's hosts are alike: an Oracle Linux 8.9
 * server with two 20-core Xeon Gold 6248 sockets; the serial numbers, UUIDs and keys derive from the host id.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_HOST_CPU } from '../../world/capacity';
import type { HostRecord } from '../../world/model';
import { HostStatus } from '../../world/model';
import type { NodeObject } from '../values';
import { Decimal } from '../values';

/** The cluster CPU type the engine names the hosts' CPU after (ENGINE ServerCPU list for 4.7, Intel). */
export const CLUSTER_CPU_TYPE = 'Secure Intel Cascadelake Server Family';
export const HOST_CPU = { ...DEFAULT_HOST_CPU, speedMhz: 2500 } as const;
const CPU_MODEL = 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz';
/** vdsm's `operatingSystem` "name - version - release" (ENGINE utils OS.fromPackageVersionString splits it). */
const HOST_OS = { name: 'RHEL', major: 8, minor: 9, full: '8.9 - 1.0.el8', pretty: 'Oracle Linux Server 8.9' };
const KERNEL_CMDLINE =
  'BOOT_IMAGE=(hd0,msdos1)/vmlinuz-5.15.0-200.131.27.el8uek.x86_64 root=/dev/mapper/ol-root ro crashkernel=auto ' +
  'resume=/dev/mapper/ol-swap rd.lvm.lv=ol/root rd.lvm.lv=ol/swap rhgb quiet';
const VDSM = { major: 4, minor: 50, build: 3, revision: 4, full_version: 'vdsm-4.50.3.4-1.el8' };
const LIBVIRT = { major: 8, minor: 0, build: 0, revision: 0, full_version: 'libvirt-8.0.0-22.0.1.module+el8.9.0' };
/** The engine CA's organization (engine-setup: the engine FQDN's domain) in every host certificate subject. */
const CERTIFICATE_ORGANIZATION = 'lab.runbook';

/** Whether VDSM has reported its capabilities (the engine keeps them from the first successful connection). */
export function hasReportedCapabilities(host: HostRecord): boolean {
  return host.status !== HostStatus.INSTALLING && host.status !== HostStatus.INSTALL_FAILED;
}

function digest(host: HostRecord, salt: string): string {
  return createHash('sha256').update(`${salt}:${host.id}`).digest('hex');
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function hostOperatingSystem(host: HostRecord): NodeObject {
  const isReported = hasReportedCapabilities(host);
  return {
    custom_kernel_cmdline: '',
    description: isReported ? HOST_OS.pretty : '',
    ...(isReported ? { reported_kernel_cmdline: KERNEL_CMDLINE, type: HOST_OS.name } : {}),
    ...(isReported ? { version: { full_version: HOST_OS.full, major: HOST_OS.major, minor: HOST_OS.minor } } : {}),
  };
}

export function hostCpu(host: HostRecord): NodeObject {
  if (!hasReportedCapabilities(host)) return { topology: {} };
  const topology = host.cpu ?? DEFAULT_HOST_CPU;
  return {
    name: CPU_MODEL,
    speed: new Decimal(HOST_CPU.speedMhz),
    topology: { cores: topology.coresPerSocket, sockets: topology.sockets, threads: topology.threadsPerCore },
    type: CLUSTER_CPU_TYPE,
  };
}

export function hostHardware(host: HostRecord): NodeObject {
  if (!hasReportedCapabilities(host)) return { supported_rng_sources: {} };
  return {
    family: 'PowerEdge',
    manufacturer: 'Dell Inc.',
    product_name: 'PowerEdge R740',
    serial_number: digest(host, 'serial').slice(0, 7).toUpperCase(),
    supported_rng_sources: { supported_rng_source: ['hwrng', 'urandom'] },
    uuid: uuidFrom(digest(host, 'uuid')).toUpperCase(),
    version: '',
  };
}

/** The VDSM and libvirt versions, and the iSCSI initiator name, known once the host reported its capabilities. */
export function hostVersions(host: HostRecord): NodeObject {
  if (!hasReportedCapabilities(host)) return {};
  return {
    iscsi: { initiator: `iqn.1988-12.com.oracle:${digest(host, 'iqn').slice(0, 12)}` },
    libvirt_version: { ...LIBVIRT },
    version: { ...VDSM },
  };
}

/** The host's SSH key as the engine fetched it when the host was added. */
export function hostSsh(host: HostRecord): NodeObject {
  const key = Buffer.from(`lab-host-key:${digest(host, 'ssh')}`).toString('base64');
  const fingerprint = createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
  return {
    fingerprint: `SHA256:${fingerprint}`,
    port: host.sshPort,
    public_key: `ssh-ed25519 ${key}`,
    user: { user_name: 'root' },
  };
}

/** `O=<organization>,CN=<address>` (ENGINE CertificateSubjectHelper). */
export function hostCertificate(host: HostRecord): NodeObject {
  return { organization: CERTIFICATE_ORGANIZATION, subject: `O=${CERTIFICATE_ORGANIZATION},CN=${host.address}` };
}
