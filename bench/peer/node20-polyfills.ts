/**
 * PostGraphile 5 declares Node ≥ 22 (`engines`) and calls `Promise.withResolvers` (Node 22) in
 * grafast and @dataplan/pg; on Node 20 every list query fails with "Cannot read properties of
 * undefined (reading 'items')". This is the only Node 22 API it was seen to need here; the
 * peer server imports this file before PostGraphile. The same few lines as the standard's
 * definition, so the peer pays no more for it than on Node 22.
 */
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = <T>(): Resolvers<T> => {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
