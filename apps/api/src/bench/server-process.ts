import { fork, type ChildProcess } from 'node:child_process';
import { extname, resolve } from 'node:path';
import type { CeilingActors, FromServer, ServerKind } from './server';

/** A server under benchmark in its own process (server.ts), and the messages the bench exchanges with it. */
export class ServerProcess {
  private constructor(
    readonly kind: ServerKind,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(
    kind: ServerKind,
    env: NodeJS.ProcessEnv,
    actors: CeilingActors,
    profileDir: string | null,
  ): Promise<ServerProcess> {
    // server.js beside this file (server.ts under ts-node); execArgv is inherited, so both work.
    const child = fork(resolve(__dirname, `server${extname(__filename)}`), [kind, JSON.stringify(actors)], {
      env,
      stdio: 'inherit',
      execArgv: [
        ...process.execArgv,
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}.cpuprofile`] : []),
      ],
    });
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 180 s`)), 180_000);
      child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before it was ready`)));
      child.on('message', (message: FromServer) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolvePromise(new ServerProcess(kind, child, message.port));
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`${kind} server failed to start:\n${message.error}`));
        }
      });
    });
  }

  /** SQL statements the process has sent so far. */
  statements(): Promise<number> {
    return new Promise((resolvePromise) => {
      const onMessage = (message: FromServer) => {
        if (message.type !== 'stats') return;
        this.child.off('message', onMessage);
        resolvePromise(message.statements);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'stats' });
    });
  }

  /** An access token for the person with this phone (api server only). */
  signIn(phone: string): Promise<string> {
    return new Promise((resolvePromise, reject) => {
      const onMessage = (message: FromServer) => {
        if ((message.type !== 'signed-in' && message.type !== 'sign-in-failed') || message.phone !== phone) return;
        this.child.off('message', onMessage);
        if (message.type === 'signed-in') resolvePromise(message.accessToken);
        else reject(new Error(`sign-in of ${phone}: ${message.error}`));
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'sign-in', phone });
    });
  }

  /** Ends the server: it exits when its parent lets go (server.ts), which also writes a CPU profile. */
  stop(): void {
    this.child.removeAllListeners('exit');
    if (this.child.connected) this.child.disconnect();
    else if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}
