import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * One multipart upload (one file and a few named text fields) read with busboy, for every
 * controller that takes a file: the events' protocol (a failure settles once, stops reading the
 * request and drains the rest of it, undoes what the sink kept; a client that goes away is an
 * abort), the limits, and a coded error, worded by the module, for each way an upload goes wrong.
 * Where the bytes go (memory, a part file) is the caller's sink.
 */

/** The coded errors of an upload, as the module words them (each names its field). */
export interface UploadErrors {
  /** Not multipart/form-data, or a body that cannot be parsed. */
  malformed(): Error;
  /** A text field the upload does not take. */
  unknownField(name: string): Error;
  /** A text field given twice (or given already, e.g. as a query parameter). */
  repeatedField(name: string): Error;
  /** A text field's value longer than `maxFieldBytes`. */
  fieldTooLong(name: string): Error;
  /** More text fields than the upload takes. */
  tooManyFields(): Error;
  /** A file in another field than `fileField`. */
  fileInOtherField(name: string): Error;
  /** A second file. */
  tooManyFiles(): Error;
  /** No file at all. */
  noFile(): Error;
  /** A file longer than `maxFileBytes`. */
  tooLarge(maxBytes: number): Error;
  /** The client went away before the whole request arrived. */
  aborted(): Error;
}

/** Where one upload's file goes while it arrives. */
export interface UploadSink<F> {
  /**
   * Takes the file's bytes and resolves with what it made of them once they have all arrived. At
   * most one byte beyond `maxFileBytes` reaches it: then the upload fails (`discard`) and the rest
   * is drained.
   */
  take(stream: Readable, fileName: string): Promise<F>;
  /** The upload failed: forget what `take` kept. Called at most once, possibly while `take` still runs. */
  discard(): void;
}

export interface UploadSpec<F> {
  /** The field of the file (exactly one file). */
  fileField: string;
  maxFileBytes: number;
  /** The text fields the upload takes, each at most once. */
  fields: readonly string[];
  /** Their longest value, in bytes. */
  maxFieldBytes: number;
  /** Text fields given another way (query parameters): the same name in the body is repeated. */
  given?: Readonly<Record<string, string>>;
  errors: UploadErrors;
  sink: UploadSink<F>;
}

export interface Upload<F> {
  file: F;
  /** The text fields, `given` included. */
  fields: Record<string, string>;
}

/** Reads `req`'s multipart body by `spec`; rejects with one of `spec.errors`, having discarded the file. */
export function receiveUpload<F>(req: IncomingMessage, spec: UploadSpec<F>): Promise<Upload<F>> {
  const { errors, sink } = spec;
  return new Promise<Upload<F>>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        // busboy reports its limit when a file reaches it, not when it passes it: one byte more,
        // so that a file of exactly maxFileBytes is taken.
        limits: { files: 1, fileSize: spec.maxFileBytes + 1, fields: spec.fields.length, fieldSize: spec.maxFieldBytes },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(errors.malformed());
      return;
    }
    const fields: Record<string, string> = { ...spec.given };
    let settled = false;
    let taking: Promise<F> | undefined;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      if (taking) sink.discard();
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    bb.on('field', (name, value, info) => {
      if (settled) return;
      if (!spec.fields.includes(name)) return fail(errors.unknownField(name));
      if (Object.hasOwn(fields, name)) return fail(errors.repeatedField(name));
      if (info.valueTruncated) return fail(errors.fieldTooLong(name));
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (settled || name !== spec.fileField) {
        stream.resume();
        if (name !== spec.fileField) fail(errors.fileInOtherField(name));
        return;
      }
      stream.on('limit', () => {
        stream.resume();
        fail(errors.tooLarge(spec.maxFileBytes));
      });
      taking = sink.take(stream, info.filename ?? '');
      // Settled by 'close' below, or by fail(): never unhandled meanwhile.
      taking.catch(() => undefined);
    });
    bb.on('filesLimit', () => fail(errors.tooManyFiles()));
    bb.on('fieldsLimit', () => fail(errors.tooManyFields()));
    bb.on('error', () => fail(errors.malformed()));
    bb.on('close', () => {
      if (settled) return;
      if (!taking) return fail(errors.noFile());
      taking.then(
        (file) => {
          if (settled) return;
          settled = true;
          resolve({ file, fields });
        },
        (e: unknown) => fail(e instanceof Error ? e : errors.malformed()),
      );
    });
    req.on('close', () => {
      if (!req.complete) fail(errors.aborted());
    });
    req.pipe(bb);
  });
}

/** The file's name and bytes, held in memory (at most the upload's `maxFileBytes`, plus one byte until the upload fails). */
export interface FileInMemory {
  fileName: string;
  content: Buffer;
}

/** A sink that holds the file in memory. */
export function memorySink(): UploadSink<FileInMemory> {
  let chunks: Buffer[] = [];
  return {
    take: (stream, fileName) =>
      new Promise<FileInMemory>((resolve, reject) => {
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve({ fileName, content: Buffer.concat(chunks) }));
        stream.on('error', reject);
      }),
    discard: () => {
      chunks = [];
    },
  };
}
