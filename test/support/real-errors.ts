import pg from 'pg';

/** A real connection error from pg: port 1 is closed, so connecting fails at once with ECONNREFUSED. */
export async function realPgConnectionError(): Promise<Error> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/x' });
  try {
    await client.connect();
  } catch (error) {
    return error as Error;
  }
  throw new Error('connected to port 1');
}
