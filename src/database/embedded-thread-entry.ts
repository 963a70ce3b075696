import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LocalEngine } from './embedded-postgres';
import { ACTIVE, databaseErrorFields, EMBEDDED_THREAD_ROLE, EmbeddedThreadData, FromEmbeddedThread, OPENED, ToEmbeddedThread } from './embedded-thread';

/**
 * The embedded database's thread (embedded-thread.ts): PGlite and its wire server, the wire
 * connections counted in the shared counters, and the service's messages answered until `stop`,
 * after which the thread ends.
 */
async function serve(data: EmbeddedThreadData, port: NonNullable<typeof parentPort>): Promise<void> {
  const counters = new Int32Array(data.counters);
  const post = (m: FromEmbeddedThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let step = 'open the embedded database';
  let engine: LocalEngine;
  try {
    engine = await LocalEngine.start(
      data.options,
      (s) => (step = s),
      (e) => {
        Atomics.store(counters, ACTIVE, e.wireConnections);
        Atomics.store(counters, OPENED, e.connectionsOpened);
      },
    );
  } catch (e) {
    post({ kind: 'failed', step, message: e instanceof Error ? e.message : String(e) });
    port.close();
    return;
  }
  port.on('message', (m: ToEmbeddedThread) => {
    void (async () => {
      try {
        if (m.op === 'read') {
          post({ kind: 'reply', id: m.id, ok: true, rows: (await engine.readRaw(m.text, m.values)) ?? null });
          return;
        }
        if (m.op === 'dump') {
          const bytes = await (await engine.dumpDataDir()).arrayBuffer();
          post({ kind: 'reply', id: m.id, ok: true, bytes }, [bytes]);
          return;
        }
        if (m.op === 'pause') await engine.pause();
        else if (m.op === 'resume') await engine.resume();
        else await engine.stop();
        post({ kind: 'reply', id: m.id, ok: true });
        if (m.op === 'stop') port.close();
      } catch (e) {
        post({ kind: 'reply', id: m.id, ok: false, message: e instanceof Error ? e.message : String(e), database: databaseErrorFields(e) });
      }
    })();
  });
  post({ kind: 'ready', port: engine.port });
}

const data = workerData as EmbeddedThreadData | undefined;
if (!isMainThread && parentPort && data?.role === EMBEDDED_THREAD_ROLE) void serve(data, parentPort);
