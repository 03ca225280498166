/**
 * ping -c N [-q] TARGET with iputils' output. The round trip comes from the lab topology: near zero within a
 * site, the lab's inter-site latency across sites. A powered-off target loses every packet.
 */
import { findHostByTarget } from '../world';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, printLine, splitArgs } from './output';

const VALUE_FLAGS = ['c', 'i', 'W', 'w', 's', 't', 'I', 'Q', 'l', 'p', 'M'];

function ping(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args, VALUE_FLAGS);
  const target = operands[operands.length - 1];
  if (target === undefined) return fail(ctx, 'ping: usage error: Destination address required', 2);
  const count = Number(flags.get('c') ?? 4);
  if (!Number.isInteger(count) || count < 1)
    return fail(
      ctx,
      `ping: invalid argument: '${flags.get('c') ?? ''}': out of range: 1 <= value <= 9223372036854775807`,
      1
    );
  const world = ctx.host.world;
  const isSelf = ['localhost', '127.0.0.1'].includes(target);
  const entry = isSelf ? ctx.host.entry : findHostByTarget(world, target);
  if (!entry) return fail(ctx, `ping: ${target}: Name or service not known`, 2);
  const address = isSelf ? '127.0.0.1' : world.topology.managementAddress(entry.name).address;
  const isReachable = world.isPoweredOn(entry.name);
  const times = roundTrips(world.topology.roundTripMs(ctx.host.name, entry.name), count);
  printLine(ctx, `PING ${target} (${address}) 56(84) bytes of data.`);
  if (!flags.has('q') && isReachable) {
    for (const [index, time] of times.entries())
      printLine(
        ctx,
        `64 bytes from ${entry.name}.${world.domain} (${address}): icmp_seq=${index + 1} ttl=64 time=${formatPacketTime(time)} ms`
      );
  }
  printLine(ctx);
  printLine(ctx, `--- ${target} ping statistics ---`);
  const elapsed = Math.round((count - 1) * 1000 + (isReachable ? (times[count - 1] ?? 0) : 0));
  if (!isReachable) {
    printLine(ctx, `${count} packets transmitted, 0 received, 100% packet loss, time ${elapsed}ms`);
    printLine(ctx);
    return 1;
  }
  printLine(ctx, `${count} packets transmitted, ${count} received, 0% packet loss, time ${elapsed}ms`);
  printLine(ctx, `rtt min/avg/max/mdev = ${summarize(times).map(formatTime).join('/')} ms`);
  return 0;
}

/** Deterministic jitter of a few percent around the topology's round trip. */
function roundTrips(rttMs: number, count: number): number[] {
  const wobble = [0, 0.04, -0.03, 0.02, -0.01, 0.03];
  return Array.from({ length: count }, (_, index) => rttMs * (1 + (wobble[index % wobble.length] ?? 0)));
}

function summarize(times: readonly number[]): [number, number, number, number] {
  const avg = times.reduce((sum, time) => sum + time, 0) / times.length;
  const mdev = Math.sqrt(times.reduce((sum, time) => sum + (time - avg) ** 2, 0) / times.length);
  return [Math.min(...times), avg, Math.max(...times), mdev];
}

function formatTime(ms: number): string {
  return ms.toFixed(3);
}

/** iputils prints about three significant digits per packet: 0.215, 1.02, 45.2, 102. */
function formatPacketTime(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  return ms.toFixed(ms >= 10 ? 1 : ms >= 1 ? 2 : 3);
}

export const PING_COMMANDS: Record<string, CommandHandler> = { ping };
