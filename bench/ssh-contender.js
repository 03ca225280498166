'use strict';
/**
 * The runbook contender of `npm run bench -- ssh`, run as a child process under /usr/bin/time so that it is
 * measured exactly like the other contenders. It runs T steps of ssh.command on N hosts the way the engine does:
 * for each step x host, plan then apply; a step runs on every host concurrently (forks = N) and the next step
 * starts when it has finished everywhere; one pooled connection per host.
 * (The engine and `runbook exec` had not landed when this was written; this drives the real SshPool and the
 * real ssh.command module directly.)
 *
 * Usage: node bench/ssh-contender.js CONFIG.json   (written by bench/ssh.ts)
 */
const { readFileSync } = require('node:fs');
const { createSshPool } = require('../dist/ssh');
const { sshCommand } = require('../dist/modules/ssh/command');

function contextFor(host, inventory, pool, stepId) {
  const controller = new AbortController();
  return {
    stepId,
    target: host,
    inventory,
    isDryRun: false,
    signal: controller.signal,
    services: { ssh: (h) => pool.session(h), engine: () => Promise.reject(new Error('no engine in this bench')) },
    output: () => undefined,
    warn: () => undefined,
    correlationId: () => stepId,
  };
}

async function runStep(host, inventory, pool, step) {
  const ctx = contextFor(host, inventory, pool, `step-${step}`);
  const args = { cmd: `echo step-${step}` };
  const plan = await sshCommand.plan(ctx, args);
  const { result } = await sshCommand.apply(ctx, args, plan);
  if (result.stdout !== `step-${step}\n`) throw new Error(`unexpected output on ${host.name}: ${result.stdout}`);
}

async function main() {
  const { inventory, steps } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const pool = createSshPool(inventory, { isDryRun: false });
  try {
    const hosts = Object.values(inventory.hosts);
    for (let step = 1; step <= steps; step++) {
      await Promise.all(hosts.map((host) => runStep(host, inventory, pool, step)));
    }
  } finally {
    await pool.close();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
