/**
 * A VM's OVF as `all_content=true` shows it in `initialization.configuration` (ENGINE BackendVmsResource and
 * BackendVmResource doPopulate → setVmOvfConfiguration → GetVmOvfByVmIdQuery, which loads the VM's snapshots with
 * their configurations, SnapshotDao.getAllWithConfiguration: every type, NEXT_RUN included). The lab writes the
 * parts of OvfVmWriter's document the lab's world holds: the general data it keeps (Name, ResumeBehavior as the
 * engine's enum name, OvfWriter.writeGeneralData) and the snapshots section (OvfVmWriter.writeSnapshotsSection):
 * the Active VM snapshot (no configuration) and, while a change waits for the VM's restart, the NEXT_RUN snapshot
 * whose `<VmConfiguration>` is the base64 of the OVF of the VM as it will run (VmHandler.createNextRunSnapshot).
 * Engine code: oVirt/ovirt-engine @ 0111fc63036bca662aa6275a8ad16282cccf86bf (docs/lab-engine.md).
 */
import { createHash } from 'node:crypto';
import type { VmRecord } from '../../world/model';

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<ovf:Envelope xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="4.4.0.0">';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A stable id for a VM's snapshot of a type (the lab keeps no snapshot records). */
function snapshotId(vmId: string, type: string): string {
  const hex = createHash('sha1').update(`${vmId}:${type}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function snapshot(vmId: string, type: string, description: string, configuration?: string): string {
  const data =
    configuration === undefined
      ? ''
      : `<VmConfiguration>${Buffer.from(configuration, 'utf8').toString('base64')}</VmConfiguration>`;
  return (
    `<Snapshot ovf:id="${snapshotId(vmId, type)}"><Type>${type}</Type>` +
    `<Description>${description}</Description>${data}</Snapshot>`
  );
}

function envelope(name: string, resume: string, snapshots: string): string {
  return (
    `${ENVELOPE_OPEN}<Content ovf:id="out" xsi:type="ovf:VirtualSystem_Type">` +
    `<Name>${escapeXml(name)}</Name><ResumeBehavior>${resume.toUpperCase()}</ResumeBehavior>${snapshots}` +
    '</Content></ovf:Envelope>'
  );
}

/** The OVF of the VM's running configuration, with its snapshots section. */
export function renderVmOvf(vm: VmRecord): string {
  const nextRun =
    vm.nextRun === undefined
      ? ''
      : snapshot(
          vm.id,
          'NEXT_RUN',
          'Next Run configuration snapshot',
          envelope(vm.name, vm.nextRun.resumeBehaviour ?? vm.resumeBehaviour, '')
        );
  const section =
    '<Section xsi:type="ovf:SnapshotsSection_Type">' + snapshot(vm.id, 'ACTIVE', 'Active VM') + nextRun + '</Section>';
  return envelope(vm.name, vm.resumeBehaviour, section);
}
