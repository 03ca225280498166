/**
 * What `runbook doc MODULE` (and docs/modules.md) says beyond a module's arguments: what `register` receives,
 * what a dry run does, and an example step. A test loads every example as a runbook against the lab inventory,
 * and fails when a registered module has no entry here.
 */

export interface ModuleGuide {
  /** What the step's `register` name receives (besides `changed` and `failed`, which every task adds). */
  registers: string;
  /** What happens in a dry run (`--check`, `runbook plan`). */
  dryRun: string;
  /** One step, as YAML lines under `steps:` (indented two spaces). */
  example: string;
}

const SSH_COMMAND_RESULT =
  '`{ cmd, rc, stdout, stderr }`; when a guard (`creates`, `removes`, `unless`) skips it, `{ skipped: true, reason, rc: 0, stdout: "", stderr: "" }`. A failed command registers the same with `failed: true` (for `ignore_errors`).';
const FILE_RESULT = '`{ dest, sha256, changed }` (sha256 of the content it wants).';
const FILE_DRY_RUN =
  'Reads the file on the host (sha256, mode, owner; and its content when it differs, for the diff): the change is shown as a unified diff, nothing is written.';
const CHECK_DRY_RUN = 'Runs as in a real run: a check only reads, so it passes or fails in a dry run too.';
const ENGINE_DRY_RUN =
  'Reads the engine and plans field by field; the engine client refuses every write. A plan that depends on what an earlier step would do is reported unknown, with the reason.';

export const MODULE_GUIDES: Readonly<Record<string, ModuleGuide>> = {
  assert: {
    registers: '`{ passed }`: how many conditions held.',
    dryRun: 'Checks the conditions (in plan); a condition that reads an earlier step’s dry-run result is unknown.',
    example: `- id: three-hosts-per-site
  assert:
    that: ["sites.primary.hosts | length >= 3", "sites.secondary.hosts | length >= 3"]
    fail_msg: each site needs three hosts`,
  },
  echo: {
    registers: '`{ msg }`: the rendered message.',
    dryRun: 'Shows the message, as in a real run.',
    example: `- id: hello
  echo: { msg: "installing {{ cluster.name }} on {{ inventory.name }}" }`,
  },
  'local.command': {
    registers: '`{ cmd, rc, stdout, stderr }` (a failed command registers the same with `failed: true`).',
    dryRun: 'Does not run the command: the plan says `would run: …` (unless a `creates`/`removes` guard skips it).',
    example: `- id: lab-site-down
  local.command: { cmd: [runbook, lab, fail, "site:primary"] }`,
  },
  pause: {
    registers: '`{ confirmed: true }` (a "no" stops the run).',
    dryRun: 'Asks nothing: the plan says `would ask: …`.',
    example: `- id: go-ahead
  pause: { prompt: "Maintenance window open?" }`,
  },
  wait: {
    registers: '`{ waitedMs }`.',
    dryRun: 'Does not wait: the plan says `would wait …`.',
    example: `- id: settle
  wait: { for: 30s }`,
  },
  'ssh.command': {
    registers: SSH_COMMAND_RESULT,
    dryRun: 'Does not run the command; only the guards’ read-only probes reach the host. The plan says `would run: …`.',
    example: `- id: engine-health
  hosts: engine
  ssh.command: { cmd: "curl -fsS http://localhost/ovirt-engine/services/health" }
  register: health
  retries: 10
  delay: 15s
  until: health.rc == 0`,
  },
  'ssh.copy': {
    registers: FILE_RESULT,
    dryRun: FILE_DRY_RUN,
    example: `- id: motd
  hosts: all
  ssh.copy: { dest: /etc/motd, content: "stretch cluster {{ cluster.name }}\\n", mode: "0644" }`,
  },
  'ssh.authorized_key': {
    registers: '`{ path, user, keys }` when nothing changed; `{ path, user, changed }` once the file was written.',
    dryRun:
      'Reads the authorized_keys file on the host: the lines it would add or remove are shown, nothing is written.',
    example: `- id: engine-key-on-hosts
  hosts: group:kvm
  ssh.authorized_key: { user: root, key: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 ovirt-engine" }`,
  },
  'ssh.package': {
    registers: '`{ changed, packages }` and, once dnf ran, `{ cmd, rc, stdout, stderr }`.',
    dryRun: 'Asks `rpm -q` which packages are missing; the plan says `would dnf install …`; nothing is installed.',
    example: `- id: engine-package
  hosts: engine
  ssh.package: { name: [ovirt-engine] }`,
  },
  'ssh.script': {
    registers: SSH_COMMAND_RESULT,
    dryRun:
      'Uploads and runs nothing; only the guards’ probes reach the host. The plan says `would upload and run: …`.',
    example: `- id: tune
  hosts: group:kvm
  ssh.script: { script: scripts/tune.sh, args: ["{{ host.name }}"], creates: /etc/tuned/done }`,
  },
  'ssh.service': {
    registers: '`{ name, active, enabled }` when nothing changes; `{ name, changed, actions }` once applied.',
    dryRun: 'Asks `systemctl is-active`/`is-enabled`; the plan lists what it would start, stop or enable.',
    example: `- id: time
  hosts: group:kvm
  ssh.service: { name: chronyd, state: started, enabled: true }`,
  },
  'ssh.template': {
    registers: FILE_RESULT,
    dryRun: FILE_DRY_RUN,
    example: `- id: hosts-file
  hosts: engine
  ssh.template:
    dest: /etc/hosts.d/cluster
    template: |
      {% for name, h in hosts.items() %}
      {{ h.address }} {{ name }}
      {% endfor %}`,
  },
  'olvm.affinity_group': {
    registers:
      '`{ name, cluster, id, vms, hosts, vms_rule, hosts_rule }` as the group stands after the step; `{ name, state: "absent" }` for a removed one.',
    dryRun: ENGINE_DRY_RUN,
    example: `- id: site-affinity
  olvm.affinity_group:
    name: site-a-affinity
    vms: site:primary
    hosts: site:primary
    hosts_rule: { positive: true, enforcing: false }`,
  },
  'olvm.facts': {
    registers:
      '`{ time, event_index, spm: { host, site }, engine_vm: { name, status, host, site }, hosts, vms, placement }`: the engine clock, the newest event, the SPM, the self-hosted engine VM (null for a standalone engine), every host and VM with its site, and the VM names per site.',
    dryRun: 'Reads, as in a real run.',
    example: `- id: before
  olvm.facts: {}
  register: before`,
  },
  'olvm.host': {
    registers:
      '`{ name, id, status, spm_priority, spm_status, status_trail }` (`status_trail`: every status seen, e.g. `[up, preparing_for_maintenance, maintenance]`).',
    dryRun: ENGINE_DRY_RUN,
    example: `- id: drain-primary
  hosts: site:primary
  olvm.host: { state: maintenance, reason: "DR drill {{ run.id }}", timeout: 15m }`,
  },
  'olvm.engine_vm': {
    registers:
      '`{ name, host, site, from_host, moved_at }` (`moved_at`: engine clock; `name: null` for a standalone engine, which has no engine VM: nothing to do).',
    dryRun: ENGINE_DRY_RUN,
    example: `- id: engine-home
  olvm.engine_vm: { site: primary, timeout: 30m }`,
  },
  'olvm.pki_resource': {
    registers:
      '`{ resource, format, content, fingerprint }` and, for a key, `key_type` and `comment`; for a certificate, `subject` and `not_after`.',
    dryRun:
      "Reads the engine's public PKI material in a dry run too (no login, nothing written): later steps can plan with it.",
    example: `- id: engine-key
  olvm.pki_resource: { resource: engine-certificate, format: OPENSSH-PUBKEY }
  register: engine_key`,
  },
  'olvm.spm': {
    registers: '`{ host, site, from_host }`.',
    dryRun: ENGINE_DRY_RUN,
    example: `- id: spm-home
  olvm.spm: { site: primary, force: true }`,
  },
  'olvm.vm': {
    registers:
      '`{ name, id, status, high_availability, lease, storage_error_resume_behaviour, placement, pending_restart }`.',
    dryRun: ENGINE_DRY_RUN,
    example: `- id: ha-lease
  loop: "{{ vms | selectattr('high_availability') | list }}"
  loop_var: vm
  olvm.vm: { name: "{{ vm.name }}", high_availability: true, lease: "{{ sites[vm.site].storage_domains[0] }}" }`,
  },
  'olvm.wait': {
    registers:
      'The wait result the drill report reads: `{ condition, phase, site, started_at, finished_at, elapsed_ms, vms: [{ name, from_host, to_host, left_at, up_at, how }], spm, unmoved }` (engine-clock times).',
    dryRun: 'Checks the condition once: already true is no change, else the plan says `would wait up to …`.',
    example: `- id: failover-vms
  olvm.wait: { condition: vms_on_site, site: secondary, timeout: 15m }`,
  },
  'check.capacity': {
    registers: '`{ passed, site, other_site, hosts_memory, vms_memory, free_memory, vms }`.',
    dryRun: CHECK_DRY_RUN,
    example: `- id: capacity
  check.capacity: { site: secondary }`,
  },
  'check.engine_ha': {
    registers: '`{ passed, kind, ha, host }` (and `hosted_engine_hosts` per site for a self-hosted engine).',
    dryRun: CHECK_DRY_RUN,
    example: `- id: engine-ha
  check.engine_ha: {}`,
  },
  'check.hosted_engine': {
    registers:
      "`{ passed, kind, ready, hosts }`: `ready` lists each site's ready hosted-engine hosts; `hosts` gives each one's `status`, `configured`, `score`, `local_maintenance` (a standalone engine: `{ passed, kind, note }`).",
    dryRun: CHECK_DRY_RUN,
    example: `- id: hosted-engine
  check.hosted_engine: { sites: [secondary] }`,
  },
  'check.ha_readiness': {
    registers: '`{ passed, vms, spm_priority: { primary_min, secondary_max }, affinity_groups }`.',
    dryRun: CHECK_DRY_RUN,
    example: `- id: ready
  check.ha_readiness: {}`,
  },
  'check.l2': {
    registers: '`{ passed, subnet, hosts: [{ name, address, interface }] }`.',
    dryRun: CHECK_DRY_RUN,
    example: `- id: l2
  check.l2: {}`,
  },
  'check.latency': {
    registers: '`{ passed, engine_kind, limit_ms, worst_ms, round_trips: [{ from, to, avg_ms, max_ms }] }`.',
    dryRun: CHECK_DRY_RUN,
    example: `- id: latency
  check.latency: {}`,
  },
  'check.storage': {
    registers: '`{ passed, replication, domains }`.',
    dryRun: CHECK_DRY_RUN,
    example: `- id: storage
  check.storage: {}`,
  },
};
