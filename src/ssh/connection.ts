/**
 * One host's connection, shared by every step that targets it: opened on first use, channels multiplexed on it
 * (at most `maxChannels` at once), one SFTP channel kept open, reopened on the next use if the host dropped it.
 */
import type { Duplex } from 'node:stream';
import type { Client, SFTPWrapper } from 'ssh2';
import type { ChannelRequest, RawExecResult } from './channel';
import { runChannel } from './channel';
import type { ConnectSettings, ConnectSpec } from './connect';
import { openClient } from './connect';
import { SshError, SshErrorCode } from './errors';
import { ConcurrencyLimiter } from '../shared/limiter';

/** Supplies the socket to the host (through a jump host), or undefined to dial directly. */
export type SocketOpener = () => Promise<Duplex | undefined>;

export class HostConnection {
  private client: Promise<Client> | undefined;
  private sftpChannel: Promise<SFTPWrapper> | undefined;
  private current: { client?: Client; sftp?: SFTPWrapper } = {};
  private readonly limiter: ConcurrencyLimiter;
  private isClosed = false;

  constructor(
    readonly spec: ConnectSpec,
    private readonly settings: ConnectSettings,
    private readonly openSocket: SocketOpener,
    maxChannels: number
  ) {
    // One channel stays reserved for SFTP.
    this.limiter = new ConcurrencyLimiter(Math.max(1, maxChannels - 1));
  }

  /** The ready client, connecting (or reconnecting after a drop) when needed. */
  connect(): Promise<Client> {
    if (this.isClosed) return Promise.reject(this.closedError());
    this.client ??= this.dial();
    return this.client;
  }

  exec(request: ChannelRequest): Promise<RawExecResult> {
    return this.limiter.run(async () => runChannel(await this.connect(), request));
  }

  /** A command outside the channel bound, for killing a timed-out command while every slot is busy. */
  async execUrgent(request: ChannelRequest): Promise<RawExecResult> {
    return runChannel(await this.connect(), request);
  }

  sftp(): Promise<SFTPWrapper> {
    this.sftpChannel ??= this.openSftp();
    return this.sftpChannel;
  }

  async forwardTo(address: string, port: number): Promise<Duplex> {
    const client = await this.connect();
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, address, port, (error, stream) => {
        if (error) reject(this.jumpError(address, port, error));
        else resolve(stream);
      });
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const pending = this.client;
    this.client = undefined;
    this.sftpChannel = undefined;
    const client = await pending?.catch(() => undefined);
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, 2000);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.end();
    });
  }

  private async dial(): Promise<Client> {
    try {
      const client = await openClient(this.spec, this.settings, await this.openSocket());
      this.current = { client };
      client.once('close', () => this.forget(client));
      return client;
    } catch (error) {
      this.client = undefined;
      throw error;
    }
  }

  private forget(client: Client): void {
    if (this.current.client !== client) return;
    this.current = {};
    this.client = undefined;
    this.sftpChannel = undefined;
  }

  private async openSftp(): Promise<SFTPWrapper> {
    const client = await this.connect();
    return new Promise((resolve, reject) => {
      client.sftp((error, sftp) => {
        if (error) {
          this.sftpChannel = undefined;
          return reject(
            new SshError(`${this.spec.label}: cannot start SFTP: ${error.message}`, {
              code: SshErrorCode.SFTP_FAILED,
              host: this.spec.label,
              hint: 'enable the sftp subsystem in the host sshd_config',
              cause: error,
            })
          );
        }
        this.current.sftp = sftp;
        sftp.once('close', () => {
          if (this.current.sftp !== sftp) return;
          this.current.sftp = undefined;
          this.sftpChannel = undefined;
        });
        resolve(sftp);
      });
    });
  }

  private closedError(): SshError {
    return new SshError(`${this.spec.label}: the SSH pool is closed`, {
      code: SshErrorCode.POOL_CLOSED,
      host: this.spec.label,
    });
  }

  private jumpError(address: string, port: number, cause: Error): SshError {
    return new SshError(`jump host ${this.spec.label} cannot reach ${address}:${port}: ${cause.message}`, {
      code: SshErrorCode.CONNECT_FAILED,
      host: this.spec.label,
      hint: 'check AllowTcpForwarding on the jump host and that it can reach the target',
      cause,
    });
  }
}
