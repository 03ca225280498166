/**
 * What the engine hands a module to reach the world. Connections are pooled per run and closed at its end.
 * In dry-run both are read-only: the engine client throws before a write leaves the process, and SSH
 * sessions refuse commands that are not declared read-only probes.
 */
import type { HostEntry } from '../inventory/types.js';
import type { SshSession } from '../ssh/types.js';
import type { OlvmClient } from '../olvm/types.js';

export interface ModuleServices {
  /** The SSH session to an inventory host (one connection per host, reused across steps). */
  ssh(host: HostEntry): Promise<SshSession>;
  /** The engine REST API client for the inventory's engine. */
  engine(): Promise<OlvmClient>;
}
