/**
 * engine-setup [--accept-defaults] --config-append=FILE: needs ovirt-engine installed and root; on success writes
 * the engine's configuration (10-setup-database.conf is what runbooks test for), starts ovirt-engine and tells
 * the lab's engine world.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { ENGINE_PACKAGE } from '../catalog';
import { makeDirectory, ROOT_UID, writeFileAt } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import type { HostState } from '../types';
import { answerOrPrompt, readAnswerFiles } from './answer-file';
import { fail, isRoot, printLine } from './output';

export const ENGINE_SETUP_MARKER = '/etc/ovirt-engine/engine.conf.d/10-setup-database.conf';
const LOG = '/var/log/ovirt-engine/setup/ovirt-engine-setup-20250107100000-lab.log';

function stageError(ctx: CommandContext, stage: string, message: string): number {
  return fail(
    ctx,
    `[ ERROR ] Failed to execute stage '${stage}': ${message}\n[ INFO  ] Stage: Clean up\n          Log file is located at ${LOG}\n[ ERROR ] Execution of setup failed`
  );
}

async function engineSetup(ctx: CommandContext, args: readonly string[]): Promise<number> {
  printLine(ctx, '[ INFO  ] Stage: Initializing');
  if (!isRoot(ctx)) return stageError(ctx, 'Initializing', 'Setup must be run as root');
  const read = readAnswerFiles(ctx, args);
  if ('error' in read) return stageError(ctx, 'Initializing', read.error);
  printLine(
    ctx,
    '[ INFO  ] Stage: Environment setup\n          Configuration files: /etc/ovirt-engine-setup.conf.d/10-packaging.conf'
  );
  if (ctx.host.state.packages[ENGINE_PACKAGE] === undefined) {
    return stageError(
      ctx,
      'Environment setup',
      `package ${ENGINE_PACKAGE} is not installed; install it with dnf first`
    );
  }
  printLine(
    ctx,
    '[ INFO  ] Stage: Environment packages setup\n[ INFO  ] Stage: Programs detection\n[ INFO  ] Stage: Environment customization'
  );
  if (!args.includes('--accept-defaults')) {
    // Without --accept-defaults every question the answer file leaves open is asked; the lab asks the first one.
    const isConfirmed = await answerOrPrompt(
      ctx,
      read.answers,
      'OVESETUP_ENGINE_CORE/enable',
      'Configure Engine on this host (Yes, No) [Yes]'
    );
    if (isConfirmed === undefined) return stageError(ctx, 'Environment customization', 'End of file');
  }
  const password = await answerOrPrompt(ctx, read.answers, 'OVESETUP_CONFIG/adminPassword', 'Engine admin password');
  if (!password) return stageError(ctx, 'Environment customization', 'End of file');
  const fqdn = read.answers['OVESETUP_CONFIG/fqdn'] ?? `${ctx.host.name}.${ctx.host.world.domain}`;
  printLine(
    ctx,
    [
      '[ INFO  ] Stage: Setup validation',
      '          --== CONFIGURATION PREVIEW ==--',
      `          Engine FQDN                             : ${fqdn}`,
      '          Engine database host                    : localhost',
      '          Engine database name                    : engine',
      '[ INFO  ] Stage: Transaction setup',
      '[ INFO  ] Stopping engine service',
      "[ INFO  ] Creating PostgreSQL 'engine' database",
      '[ INFO  ] Configuring PostgreSQL',
      '[ INFO  ] Creating/refreshing Engine database schema',
      '[ INFO  ] Creating CA: /etc/pki/ovirt-engine/ca.pem',
      '[ INFO  ] Stage: Closing up',
      '[ INFO  ] Starting engine service',
    ].join('\n')
  );
  configureEngine(ctx.host.state, fqdn, ctx.host.world.hooks.engineCaCertificate?.());
  ctx.host.world.markChanged();
  ctx.host.world.emit({ kind: 'engine-setup', host: ctx.host.name });
  ctx.host.world.hooks.onEngineSetup?.(ctx.host.name, { ...read.answers, 'OVESETUP_CONFIG/adminPassword': password });
  printLine(
    ctx,
    `          Web access is enabled at:\n              http://${fqdn}:80/ovirt-engine\n              https://${fqdn}:443/ovirt-engine\n[ INFO  ] Stage: Clean up\n          Log file is located at ${LOG}\n[ INFO  ] Stage: Termination\n[ INFO  ] Execution of setup completed successfully`
  );
  return 0;
}

/** What a successful engine-setup leaves on the machine: configuration, CA, log, running services. */
export function configureEngine(state: HostState, fqdn: string, caCertificate: string | undefined): void {
  const write = (path: string, text: string, mode = 0o640): void => {
    makeDirectory(state, posix.dirname(path), { uid: ROOT_UID, isRecursive: true });
    writeFileAt(state, path, Buffer.from(text), { uid: ROOT_UID, mode });
  };
  const databasePassword = randomBytes(12).toString('base64url');
  write(
    ENGINE_SETUP_MARKER,
    `ENGINE_DB_HOST="localhost"\nENGINE_DB_PORT="5432"\nENGINE_DB_USER="engine"\nENGINE_DB_PASSWORD="${databasePassword}"\nENGINE_DB_DATABASE="engine"\nENGINE_DB_SECURED="False"\n`
  );
  write(
    '/etc/ovirt-engine/engine.conf.d/10-setup-protocols.conf',
    `ENGINE_FQDN=${fqdn}\nENGINE_PROXY_ENABLED=true\nENGINE_PROXY_HTTP_PORT=80\nENGINE_PROXY_HTTPS_PORT=443\n`,
    0o644
  );
  if (caCertificate !== undefined) write('/etc/pki/ovirt-engine/ca.pem', caCertificate, 0o644);
  write(LOG, `engine-setup completed on ${fqdn}\n`, 0o600);
  for (const service of ['ovirt-engine', 'postgresql']) {
    const unit = state.services[service];
    if (unit) Object.assign(unit, { isEnabled: true, isActive: true });
  }
  state.engineSetupAt = new Date().toISOString();
}

export const ENGINE_SETUP_COMMANDS: Record<string, CommandHandler> = { 'engine-setup': engineSetup };
