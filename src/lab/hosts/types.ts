/**
 * The simulated hosts' public types: what the lab runtime passes in, what it gets back, and the small interface
 * through which the hosts and the lab's engine world see each other.
 */
import type { Inventory, SiteRole } from '../../inventory/types';

/** A service unit on a simulated host, as systemctl reports it. */
export interface ServiceState {
  isEnabled: boolean;
  isActive: boolean;
}

/** One file of a host's in-memory filesystem. Content is base64 so the state file stays plain JSON. */
export interface FileEntry {
  contentBase64: string;
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
}

/** Everything a simulated host remembers; persisted in `<stateDir>/hosts.json`. */
export interface HostState {
  /** Installed packages: name -> version-release.arch. */
  packages: Record<string, string>;
  services: Record<string, ServiceState>;
  files: Record<string, FileEntry>;
  /** Absolute paths of directories (the root included). */
  directories: string[];
  /** Set when engine-setup completed on this host. */
  engineSetupAt?: string;
  /** Set when hosted-engine --deploy completed on this host. */
  hostedEngineDeployedAt?: string;
  /** Set when the engine installed this host (host-deploy): the ovirtmgmt bridge exists. */
  hostDeployedAt?: string;
}

/** Events the hosts emit for the lab's log and tests. Commands are redacted before they are emitted. */
export type SimulatedHostEvent =
  | { kind: 'listening'; host: string; address: string; port: number }
  | { kind: 'auth'; host: string; user: string; method: string; isAccepted: boolean }
  | { kind: 'exec'; host: string; user: string; command: string; exitCode: number }
  | { kind: 'sftp'; host: string; operation: string; path: string }
  | { kind: 'engine-setup'; host: string }
  | { kind: 'hosted-engine-deployed'; host: string }
  | { kind: 'power'; host: string; isPoweredOn: boolean }
  | { kind: 'error'; host: string; message: string };

/** What `hosted-engine --vm-status` shows for one hosted-engine host. */
export interface HostedEngineHostStatus {
  host: string;
  hostId: number;
  score: number;
  /** Whether the HostedEngine VM runs on this host. */
  isEngineUp: boolean;
  isLocalMaintenance: boolean;
}

/**
 * What the lab's engine world tells the hosts. Every member is optional: without a world the hosts answer on
 * their own (a deployed hosted-engine host reports itself as running the engine VM).
 */
export interface HostWorldHooks {
  /**
   * engine-setup finished on `host`. `answers` are the answer file's `KEY=type:value` pairs without the types, as
   * given (secrets included: the hook stays in-process and must redact before logging).
   */
  onEngineSetup?(host: string, answers: Record<string, string>): void;
  /**
   * hosted-engine --deploy is about to finish on `host`: the engine world makes it its first hosted-engine host
   * and runs the engine VM there. Returns why it refuses (the deploy then fails), or undefined.
   */
  onHostedEngineDeployed?(host: string, answers: Record<string, string>): string | undefined;
  /** The engine's SSH public key (`ssh-rsa … ovirt-engine`), once the engine has one. */
  engineSshKey?(): string | undefined;
  /** The engine world's view of the hosted-engine hosts, for `hosted-engine --vm-status`. */
  hostedEngineStatus?(): HostedEngineHostStatus[] | undefined;
  /** The PEM of the CA the lab engine serves with, written to /etc/pki/ovirt-engine/ca.pem by engine-setup. */
  engineCaCertificate?(): string | undefined;
}

/** Per-site subnets for the simulated `ip addr` (CIDR, e.g. `127.10.1.0/24` or `10.10.1.0/24`). */
export type SiteSubnets = Partial<Record<SiteRole, string>>;

export interface SimulatedHostsOptions {
  inventory: Inventory;
  /** Where keys, known_hosts, the host password and hosts.json live (created if missing). */
  stateDir: string;
  /** Port for every host; default each host's inventory port; 0 = any free port per host. */
  port?: number;
  onEvent?: (event: SimulatedHostEvent) => void;
  /** Round trip between the sites, ms; default the inventory's lab.latencyMs, else 2. */
  latencyMs?: number;
  /** Default the inventory's lab.subnets, else one subnet that holds every host (one L2 domain). */
  subnets?: SiteSubnets;
  /** `dnf install` fails on these hosts with the given reason (fault injection). */
  installFailures?: Record<string, string>;
  hooks?: HostWorldHooks;
}

export interface Endpoint {
  address: string;
  port: number;
}

/** Whether the engine could install a host now, and if not, why. */
export interface InstallReadiness {
  isReady: boolean;
  reason?: string;
}

export interface SimulatedHosts {
  readonly endpoints: Record<string, Endpoint>;
  readonly clientKeyPath: string;
  readonly knownHostsPath: string;
  readonly passwordPath: string;
  /** A snapshot of a host's state (throws for an unknown host). */
  hostState(name: string): HostState;
  /** Whether the engine's host-deploy would succeed on this host (ssh reachable, ovirt repository configured). */
  isInstallReady(name: string): InstallReadiness;
  /** The engine installed the host: vdsm and its services run, the ovirtmgmt bridge carries the address. */
  completeHostDeploy(name: string): void;
  /** The engine logs in over SSH (engine-access.ts). */
  tryEngineLogin(name: string, address: string, login: EngineLoginRequest): EngineLoginAnswer;
  /** The engine's ssh-copy-id: its key appended to the user's authorized_keys. */
  copyEngineKey(name: string, user: string): void;
  /** host-deploy: 'ok', or why it failed. */
  deployForEngine(name: string, request: EngineDeployRequest): string;
  /** Make every machine look as the install runbooks leave it (for a preinstalled lab's first start). */
  preinstall(): void;
  /** Power a host off (its SSH port refuses connections) or on. */
  setPower(name: string, isPoweredOn: boolean): Promise<void>;
  isPoweredOn(name: string): boolean;
  /** Replace the hooks (the runtime wires them once the engine world exists). */
  setHooks(hooks: HostWorldHooks): void;
  /** Write hosts.json now. */
  save(): Promise<void>;
  /** Save the hosts' state if it changed since the last save. */
  saveIfChanged(): Promise<void>;
  /** What a command's exit status and an SFTP reply wait for (default `saveIfChanged`; a whole lab adds the engine). */
  persistWith(action: () => Promise<void>): void;
  close(): Promise<void>;
}

/** How the engine logs in to a host over SSH (engine-access.ts). */
export interface EngineLoginRequest {
  user: string;
  method: 'password' | 'publickey';
  password?: string;
}

export type EngineLoginAnswer = 'ok' | 'unreachable' | 'auth_failed';

export interface EngineDeployRequest {
  user: string;
  hostedEngine?: 'deploy' | 'undeploy';
}
