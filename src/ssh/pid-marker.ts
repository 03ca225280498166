/**
 * A killable command. sshd starts each command as a session and process-group leader, but it refuses the SSH
 * "signal" request for root logins (no privilege separation after auth), so a timeout could not stop the command.
 * The command line therefore starts by printing its shell's pid on stderr, framed by RS bytes; the channel strips
 * that marker from stderr, and a timeout kills the whole process group with a second command on the connection.
 */

const RS = '\u001e';
const MARKER = new RegExp(`${RS}runbook-pid (\\d+)${RS}\\n`);

/** The command line with the pid announcement in front. */
export function withPidMarker(command: string): string {
  return `printf '\\036runbook-pid %s\\036\\n' "$$" >&2\n${command}`;
}

/** The command that kills the process group of a marked command. */
export function killGroupCommand(pid: number): string {
  return `kill -KILL -- -${pid} 2>/dev/null; pkill -KILL -s ${pid} 2>/dev/null; true`;
}

/** Holds back stderr until the marker has been seen (or cannot come), then passes the rest through. */
export class PidMarkerFilter {
  private held = Buffer.alloc(0);
  private isDone = false;
  pid: number | undefined;

  constructor(
    private readonly forward: (chunk: Buffer) => void,
    private readonly onPid: (pid: number) => void = () => undefined
  ) {}

  push(chunk: Buffer): void {
    if (this.isDone) return this.forward(chunk);
    this.held = Buffer.concat([this.held, chunk]);
    const text = this.held.toString('latin1');
    const match = MARKER.exec(text);
    if (match) {
      this.pid = Number(match[1]);
      this.onPid(this.pid);
      this.release(
        Buffer.concat([this.held.subarray(0, match.index), this.held.subarray(match.index + match[0].length)])
      );
    } else if (this.held.length > 4096) {
      this.release(this.held);
    }
  }

  flush(): void {
    if (!this.isDone) this.release(this.held);
  }

  private release(rest: Buffer): void {
    this.isDone = true;
    this.held = Buffer.alloc(0);
    if (rest.length > 0) this.forward(rest);
  }
}
