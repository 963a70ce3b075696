import { Writable } from 'node:stream';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/app-config';
import { loggerParams } from './logger';

describe('request logs carry no personal data', () => {
  it('logs method, path, status and request id, never the query string, body or credentials', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const params = loggerParams(loadConfig({ LOG_LEVEL: 'info' }));
    const options = typeof params.pinoHttp === 'object' && !Array.isArray(params.pinoHttp) ? params.pinoHttp : {};
    const middleware = pinoHttp({ ...(options as object), logger: pino(sink) } as never);
    const server = createServer((req, res) => {
      middleware(req, res);
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/graphql?phone=13812345678&id=410106198001011235',
          headers: { authorization: 'Bearer secret-token-value', 'x-api-key': 'jzfp_key', 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query: 'mutation { x }', variables: { idNumber: '410106198001011235', phone: '13812345678' } }));
    });
    server.close();
    const out = lines.join('');
    expect(out).toContain('"path":"/graphql"');
    expect(out).toContain('"method":"POST"');
    expect(out).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    for (const secret of ['13812345678', '410106198001011235', 'secret-token-value', 'jzfp_key']) {
      expect(out).not.toContain(secret);
    }
  });
});
