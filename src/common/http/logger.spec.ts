import { Writable } from 'node:stream';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import pinoHttp from 'pino-http';
import type { NextFunction, Request, Response } from 'express';
import { loadConfig } from '../../config/app-config';
import { loggerParams } from './logger';
import { RequestLogMiddleware } from './request-log';
import { requestId } from './request-id';

type Line = Record<string, unknown>;

function sink(): { stream: Writable; lines: () => Line[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const lines = () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  return { stream, lines };
}

/** A server whose requests go through `middleware`, then answer with `status` (a thrown error for 'throw'). */
async function serve(middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void, inside?: () => void) {
  const server = createServer((req, res) => {
    middleware(req, res, () => {
      inside?.();
      req.resume();
      req.on('end', () => {
        res.statusCode = Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200);
        res.end('{}');
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const send = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: { authorization: 'Bearer secret-token-value', 'x-api-key': 'jzfp_key', 'content-type': 'application/json', 'x-request-id': `trace-${path.length}-0123456789` },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query: 'mutation { x }', variables: { idNumber: '410106198001011235', phone: '13812345678' } }));
    });
  return { send, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Waits until `lines` holds `n` request lines, with a deadline. */
async function until(lines: () => Line[], n: number): Promise<Line[]> {
  const deadline = Date.now() + 5_000;
  while (lines().filter((l) => l.req !== undefined).length < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} request lines, got ${JSON.stringify(lines())}`);
    await new Promise((r) => setImmediate(r));
  }
  return lines();
}

const PATHS = ['/graphql?phone=13812345678&id=410106198001011235', '/graphql?status=503', '/rest/x?status=404', '/health/ready'];

describe('request logs', () => {
  const params = loggerParams(loadConfig({ LOG_LEVEL: 'info' }));
  const options = params.pinoHttp as object;
  // nestjs-pino builds its root logger once per process (the first PinoLogger): one for the file.
  const ours = sink();
  const context = new PinoLogger({ ...params, pinoHttp: [options, ours.stream] } as never);
  const middleware = new RequestLogMiddleware(context);
  const linesFrom = (from: number) => () => ours.lines().slice(from);

  it('carry method, path, status and request id, never the query string, body or credentials; lines inside carry the reqId', async () => {
    const out = linesFrom(ours.lines().length);
    const server = await serve(
      (req, res, next) => middleware.use(req as Request, res as Response, next as NextFunction),
      () => context.info('inside the request'),
    );
    for (const path of PATHS) await server.send(path);
    await server.close();
    const lines = await until(out, 3);
    const requestLines = lines.filter((l) => l.req !== undefined);
    expect(requestLines.map((l) => [l.msg, (l.req as Line).path, (l.res as Line).statusCode])).toEqual([
      ['request completed', '/graphql', 200],
      ['request failed', '/graphql', 503],
      ['request completed', '/rest/x', 404],
    ]);
    for (const l of requestLines) {
      expect(l.reqId).toMatch(/^trace-\d+-0123456789$/);
      expect((l.req as Line).id).toBe(l.reqId);
      expect((l.req as Line).method).toBe('POST');
      expect(typeof l.responseTime).toBe('number');
    }
    expect(requestLines[1]!.err).toMatchObject({ message: 'failed with status code 503' });
    // Every line logged inside a request carries its reqId, the /health probe's too (it only has no line of its own).
    const inside = lines.filter((l) => l.msg === 'inside the request');
    expect(inside.map((l) => l.reqId)).toEqual(PATHS.map((p) => `trace-${p.length}-0123456789`));
    const text = JSON.stringify(lines);
    for (const secret of ['13812345678', '410106198001011235', 'secret-token-value', 'jzfp_key']) expect(text).not.toContain(secret);
  });

  it('are the lines pino-http 11 wrote with the options the service had, field for field and in order', async () => {
    const mineFrom = linesFrom(ours.lines().length);
    const theirs = sink();
    // What the service ran before request-log.ts: pino-http with these options on the same kind of root.
    const library = pinoHttp(
      {
        ...options,
        genReqId: requestId,
        autoLogging: { ignore: (req: IncomingMessage) => ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').startsWith('/health') },
        customSuccessMessage: () => 'request completed',
        customErrorMessage: () => 'request failed',
        quietReqLogger: true,
      } as never,
      theirs.stream,
    );
    const a = await serve((req, res, next) => middleware.use(req as Request, res as Response, next as NextFunction));
    const b = await serve((req, res, next) => library(req, res, next));
    for (const path of PATHS) {
      await a.send(path);
      await b.send(path);
    }
    await Promise.all([a.close(), b.close()]);
    const shape = (l: Line) => {
      const { time: _t, responseTime, err, ...rest } = l;
      const e = err as Line | undefined;
      return { keys: Object.keys(l), ...rest, responseTime: typeof responseTime, err: e && { type: e.type, message: e.message } };
    };
    const mine = (await until(mineFrom, 3)).map(shape);
    const library_ = (await until(theirs.lines, 3)).map(shape);
    expect(mine).toEqual(library_);
    expect(mine).toHaveLength(3);
  });
});
