import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { AppConfig } from '../../config/app-config';
import { WebhookSender } from './webhook-sender';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A receiver that never answers. */
async function silentReceiver(): Promise<{ url: string; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server };
}

describe('WebhookSender', () => {
  const config = { webhooks: { timeoutMs: 300, privateTargets: true } } as AppConfig;
  const body = { subscriptionId: 's', deliveryId: '1', entries: [] };
  let receiver: { url: string; server: Server };
  beforeAll(async () => (receiver = await silentReceiver()));
  afterAll(() => {
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  it('cuts an attempt at WEBHOOK_TIMEOUT_MS even when garbage is collected during the request', async () => {
    const sender = new WebhookSender(config);
    // Collecting while the request waits dropped an AbortSignal.timeout combined with
    // AbortSignal.any on Node 20, and the attempt never ended.
    const collecting = setInterval(gc, 20);
    let guard: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        sender.send(receiver.url, 'secret', body),
        new Promise<'no end'>((resolve) => (guard = setTimeout(() => resolve('no end'), 30_000))),
      ]);
      expect(result).toMatchObject({ ok: false, httpStatus: null, error: 'timeout: no answer within 300 ms', aborted: false });
    } finally {
      clearInterval(collecting);
      clearTimeout(guard);
      sender.abortAll();
    }
  });

  it('an attempt in flight when the service stops ends as aborted, not as the receiver’s failure', async () => {
    const sender = new WebhookSender({ webhooks: { timeoutMs: 60_000, privateTargets: true } } as AppConfig);
    const sending = sender.send(receiver.url, 'secret', body);
    setImmediate(() => sender.abortAll());
    expect(await sending).toMatchObject({ ok: false, aborted: true });
  });
});
