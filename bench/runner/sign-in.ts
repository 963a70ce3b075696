/** Signs in over the service's GraphQL `login` (as a client would) and answers the access token. */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
      variables: { u: username, p: password },
    }),
  });
  const body = (await res.json()) as { data?: { login?: { accessToken: string } }; errors?: unknown };
  if (!body.data?.login) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

/**
 * The end of a benchmark's main: exit once done (timers of background workers in the service
 * must not keep the benchmark alive), or print the error and exit 1.
 */
export function exitWhenDone(run: Promise<void>, isUsageError: (e: Error) => boolean): void {
  run.then(
    () => process.exit(0),
    (e: Error) => {
      process.stderr.write(isUsageError(e) ? `${e.message}\n` : `${e.stack ?? e.message}\n`);
      process.exit(1);
    },
  );
}
