import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it for nats-server to take). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });

/**
 * A private nats-server with JetStream for tests that kill it; never the shared one on 4222.
 * `start()` resolves when the server logs that it is ready.
 */
export class PrivateNatsServer {
  #proc: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server',
    /** More arguments, e.g. `-n <name> -cluster nats://127.0.0.1:<p> -routes <urls>` for a cluster node. */
    private readonly extraArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 10_000): Promise<void> {
    const proc = spawn(this.bin, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...this.extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#proc = proc;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server not ready in ${timeoutMs} ms:\n${log}`)), timeoutMs);
      proc.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code}:\n${log}`));
      });
    });
    proc.stderr!.resume();
  }

  get running(): boolean {
    return this.#proc !== undefined && this.#proc.exitCode === null;
  }

  /** SIGSTOP / SIGCONT: the server alive but silent for a while, like a stalled node or network. */
  pause(): void {
    this.#proc?.kill('SIGSTOP');
  }

  resume(): void {
    this.#proc?.kill('SIGCONT');
  }

  /** SIGKILL: no clean shutdown, like a crashed pod. */
  async kill(): Promise<void> {
    const proc = this.#proc;
    this.#proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }
}
