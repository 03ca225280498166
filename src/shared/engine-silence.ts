/**
 * How long after a silence a restarted engine may still show its database's view (hosts and VMs up) or report, from
 * its own start, a loss that happened in the silence: it marks the hosts it lost non-responsive only after its
 * monitoring's timeouts. The drill's waits (VMs) and report (the SPM) both allow it.
 */
export const RESTARTED_ENGINE_STALE_MS = 60_000;
