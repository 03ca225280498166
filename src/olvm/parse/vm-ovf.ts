/**
 * The next-run values a VM's OVF carries. With `all_content=true` the engine puts each VM's OVF in
 * `initialization.configuration` (type `ovf`): BackendVmsResource.doPopulate → setVmOvfConfiguration, from
 * GetVmOvfByVmIdQuery, which loads the VM's snapshots with their configurations. OvfVmWriter.writeSnapshotsSection
 * writes each snapshot's `<Type>` and, when it has one, its configuration base64-encoded in `<VmConfiguration>`;
 * the NEXT_RUN snapshot's configuration is the OVF of the VM as it will run after its restart
 * (VmHandler.createNextRunSnapshot), where OvfWriter.writeGeneralData writes `<ResumeBehavior>` (the engine's
 * enum name: AUTO_RESUME, LEAVE_PAUSED, KILL). Only these elements are read; anything else in the OVF is ignored.
 */

/** What the OVF says of the VM's next run: `undefined` when the OVF has no NEXT_RUN configuration to read. */
export interface OvfNextRun {
  /** API form (`kill`), absent when the next-run OVF writes no resume behaviour. */
  storageErrorResumeBehaviour?: string;
}

const SNAPSHOT = /<Snapshot\b[^>]*>([\s\S]*?)<\/Snapshot>/g;

function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.trim();
}

/** The configuration (decoded) of the OVF's NEXT_RUN snapshot, if the OVF lists one with a configuration. */
function nextRunConfiguration(ovf: string): string | undefined {
  for (const [, body] of ovf.matchAll(SNAPSHOT)) {
    if (body === undefined || elementText(body, 'Type') !== 'NEXT_RUN') continue;
    const encoded = elementText(body, 'VmConfiguration');
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
  }
  return undefined;
}

/** The next-run values of a VM from its OVF text (`initialization.configuration.data`). */
export function readOvfNextRun(ovf: string): OvfNextRun | undefined {
  const configuration = nextRunConfiguration(ovf);
  if (configuration === undefined) return undefined;
  const resume = elementText(configuration, 'ResumeBehavior');
  return resume === undefined ? {} : { storageErrorResumeBehaviour: resume.toLowerCase() };
}
