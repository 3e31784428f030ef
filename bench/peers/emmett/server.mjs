// The Emmett peer of `make bench`: an Express endpoint that loads the stream and appends one event
// with the expected version, on Emmett's PostgreSQL event store (the same cluster as Cascade).
// Installed by the benchmark only (`npm ci` from package-lock.json), never a runtime dependency.
// Run: PEER_PG_URL=postgresql://... PEER_PORT=8123 node server.mjs
import express from 'express';
import { ExpectedVersionConflictError } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

const url = process.env.PEER_PG_URL;
const port = Number(process.env.PEER_PORT);
if (!url || !port) {
  console.error('PEER_PG_URL and PEER_PORT are required');
  process.exit(2);
}

const store = getPostgreSQLEventStore(url, { schema: { autoMigration: 'CreateOrUpdate' } });
await store.schema.migrate();

const app = express();
app.use(express.json({ limit: '64kb' }));

app.get('/health', (_request, response) => {
  response.type('text/plain').send('ok');
});

app.post('/streams/:id', async (request, response) => {
  const stream = `bench-${request.params.id}`;
  try {
    const { currentStreamVersion } = await store.readStream(stream);
    const result = await store.appendToStream(
      stream,
      [{ type: String(request.body?.type ?? 'Recorded'), data: request.body ?? {} }],
      { expectedStreamVersion: currentStreamVersion },
    );
    response.status(201).json({
      position: result.lastEventGlobalPosition.toString(),
      version: result.nextExpectedStreamVersion.toString(),
    });
  } catch (error) {
    const status = error instanceof ExpectedVersionConflictError ? 409 : 500;
    response.status(status).json({ error: String(error).slice(0, 300) });
  }
});

const server = app.listen(port, '127.0.0.1');
const stop = () => server.close(() => store.close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
