import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The sandbox in its own process (as `npm start` runs it), driven through its control API, so
 * its CPU is not the bench's: on one event loop the sandbox's own work would be what is measured.
 */
export class SandboxProcess {
  private constructor(
    readonly url: string,
    readonly token: string,
    private readonly child: ChildProcess,
  ) {}

  /** `env` adds to (or overrides) the sandbox's settings; seed 7, no traffic by default. */
  static async start(env: Record<string, string> = {}): Promise<SandboxProcess> {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const entry = fileURLToPath(new URL('../../infra/discord-sandbox/src/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_SEED: '7', SANDBOX_TRAFFIC_RATE: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"msg":"ready"')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const bot = (await (await fetch(`${url}/_sandbox/bot`)).json()) as { token: string };
    return new SandboxProcess(url, bot.token, child);
  }

  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}
