/** Every command the simulated hosts answer, by name. Anything else is "command not found" (exit 127). */
import type { CommandHandler } from '../shell/context';
import { DNF_COMMANDS } from './dnf';
import { ENGINE_SETUP_COMMANDS } from './engine-setup';
import { FILE_COMMANDS } from './files';
import { HOSTED_ENGINE_COMMANDS } from './hosted-engine';
import { IDENTITY_COMMANDS } from './identity';
import { IP_COMMANDS } from './ip';
import { PING_COMMANDS } from './ping';
import { PROBE_COMMANDS } from './probes';
import { RPM_COMMANDS } from './rpm';
import { SHELL_BUILTINS } from './shell-builtins';
import { SYSTEMCTL_COMMANDS } from './systemctl';
import { TEXT_COMMANDS } from './text';
import { WRAPPER_COMMANDS } from './wrappers';

export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  ...SHELL_BUILTINS,
  ...WRAPPER_COMMANDS,
  ...TEXT_COMMANDS,
  ...IDENTITY_COMMANDS,
  ...FILE_COMMANDS,
  ...PROBE_COMMANDS,
  ...DNF_COMMANDS,
  ...RPM_COMMANDS,
  ...SYSTEMCTL_COMMANDS,
  ...PING_COMMANDS,
  ...IP_COMMANDS,
  ...ENGINE_SETUP_COMMANDS,
  ...HOSTED_ENGINE_COMMANDS,
};
