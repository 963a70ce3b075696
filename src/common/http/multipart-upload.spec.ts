import { createServer, IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FileInMemory, memorySink, receiveUpload, Upload, UploadErrors, UploadSink } from './multipart-upload';

/** Each error names its case and argument, so a test can tell which one came. */
const ERRORS: UploadErrors = {
  malformed: () => new Error('malformed'),
  unknownField: (name) => new Error(`unknownField ${name}`),
  repeatedField: (name) => new Error(`repeatedField ${name}`),
  fieldTooLong: (name) => new Error(`fieldTooLong ${name}`),
  tooManyFields: () => new Error('tooManyFields'),
  fileInOtherField: (name) => new Error(`fileInOtherField ${name}`),
  tooManyFiles: () => new Error('tooManyFiles'),
  noFile: () => new Error('noFile'),
  tooLarge: (max) => new Error(`tooLarge ${max}`),
  aborted: () => new Error('aborted'),
};

const MAX_FILE = 1024;

/** A memory sink that counts its discards. */
function countingSink(): UploadSink<FileInMemory> & { taken: number; discarded: number } {
  const inner = memorySink();
  const sink = {
    taken: 0,
    discarded: 0,
    take: (...args: Parameters<typeof inner.take>) => (sink.taken++, inner.take(...args)),
    discard: () => (sink.discarded++, inner.discard()),
  };
  return sink;
}

describe('receiveUpload', () => {
  let server: Server;
  let url: string;
  /** What the last request's upload came to, with its sink. */
  let last: Promise<{ result: Upload<FileInMemory> | Error; sink: ReturnType<typeof countingSink> }>;
  /** The last request's sink. */
  let current: ReturnType<typeof countingSink> | undefined;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const sink = (current = countingSink());
      const given = req.url?.includes('given') ? { mode: 'SYNC' } : undefined;
      last = receiveUpload(req, { fileField: 'file', maxFileBytes: MAX_FILE, fields: ['note', 'mode'], maxFieldBytes: 16, given, errors: ERRORS, sink }).then(
        (result) => ({ result, sink }),
        (e: Error) => ({ result: e, sink }),
      );
      void last.then(({ result }) => {
        res.statusCode = result instanceof Error ? 400 : 200;
        res.end(result instanceof Error ? result.message : 'ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function send(form: FormData | string, path = '/'): Promise<{ status: number; result: Upload<FileInMemory> | Error; discarded: number }> {
    const res = await fetch(url + path, { method: 'POST', body: form, headers: typeof form === 'string' ? { 'content-type': 'text/plain' } : undefined });
    const { result, sink } = await last;
    return { status: res.status, result, discarded: sink.discarded };
  }

  function form(parts: [string, string | Blob][]): FormData {
    const f = new FormData();
    for (const [name, value] of parts) {
      if (typeof value === 'string') f.append(name, value);
      else f.append(name, value, 'data.bin');
    }
    return f;
  }

  it('gives the file (its name and bytes) and the text fields, before or after it', async () => {
    const bytes = Buffer.from('一二三 bytes');
    const out = await send(form([['note', '说明'], ['file', new Blob([bytes])], ['mode', 'SYNC']]));
    expect(out.status).toBe(200);
    const upload = out.result as Upload<FileInMemory>;
    expect(upload.fields).toEqual({ note: '说明', mode: 'SYNC' });
    expect(upload.file.fileName).toBe('data.bin');
    expect(upload.file.content.equals(bytes)).toBe(true);
  });

  it('takes a file of exactly the limit, and refuses one byte more, discarding what it kept', async () => {
    expect((await send(form([['file', new Blob([Buffer.alloc(MAX_FILE, 1)])]]))).status).toBe(200);
    const over = await send(form([['file', new Blob([Buffer.alloc(MAX_FILE + 1, 1)])]]));
    expect([over.result, over.discarded]).toEqual([new Error(`tooLarge ${MAX_FILE}`), 1]);
  });

  it('names each way a form goes wrong', async () => {
    const file: [string, Blob] = ['file', new Blob(['x'])];
    const cases: [FormData | string, string, string?][] = [
      [form([file, ['other', 'x']]), 'unknownField other'],
      [form([['mode', 'A'], ['mode', 'B'], file]), 'repeatedField mode'],
      [form([file, ['mode', 'PROPOSE']]), 'repeatedField mode', '/given'],
      [form([['note', 'x'.repeat(17)], file]), 'fieldTooLong note'],
      [form([['note', 'a'], ['mode', 'b'], ['third', 'c'], file]), 'tooManyFields'],
      [form([['attachment', new Blob(['x'])]]), 'fileInOtherField attachment'],
      [form([file, file]), 'tooManyFiles'],
      [form([['note', 'only']]), 'noFile'],
      ['not multipart', 'malformed'],
    ];
    for (const [body, expected, path] of cases) {
      const out = await send(body, path);
      expect([expected, out.status, (out.result as Error).message]).toEqual([expected, 400, expected]);
    }
  });

  it('a client that goes away mid-file: aborted, the file discarded', async () => {
    const port = (server.address() as AddressInfo).port;
    const boundary = 'b0undary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    current = undefined;
    socket.write(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n${head}${'x'.repeat(100)}`,
    );
    // Wait (with a deadline) until the sink takes the file's first bytes, then go away.
    const deadline = Date.now() + 10_000;
    const taken = () => current?.taken ?? 0;
    while (!taken() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(taken()).toBe(1);
    socket.destroy();
    const { result, sink } = await last;
    expect([(result as Error).message, sink.discarded]).toEqual(['aborted', 1]);
  });
});
