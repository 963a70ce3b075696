/**
 * What every peer process of bench:read does around its answers: listen, say so on stdout (the
 * bench waits for `peer: listening`), and on SIGTERM or SIGINT close the server and release its
 * database before exiting; a failure to start is written to stderr with exit code 1.
 */
import type { Server } from 'node:http';

export async function servePeer(server: Server, host: string, port: number, release: () => unknown): Promise<void> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  process.stdout.write(`peer: listening on ${host}:${port}\n`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    Promise.resolve(release()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Runs a peer's `main`, exiting 1 with its error on stderr if it fails. */
export function runPeer(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`peer: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
