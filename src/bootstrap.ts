import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule, PluggedModule } from './app.module';
import { GraphqlLane } from './common/http/graphql-lane';
import { configureHttp } from './common/http/http-setup';
import { configureGraphiql } from './common/http/graphiql/graphiql';
import { configureOpenApi } from './common/http/openapi';
import { AppConfig, redactUrl } from './config/app-config';
import { resolveSecrets } from './config/secrets';
import { EmbeddedMaintenance } from './database/embedded-maintenance';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { seedDemoRegions, seedDemoRegistry, seedDemoWanted } from './demo/seed';
import { AuthenticationMiddleware } from './identity/authentication.middleware';
import { ensureBootstrapAdmin } from './identity/bootstrap-admin';

export interface RunningService {
  app: INestApplication;
  config: AppConfig;
  databaseUrl: string;
  embedded?: EmbeddedPostgres;
  /** The port actually bound (PORT=0 picks one). */
  port: number;
  /** The GraphQL lane (POST /graphql without Express's router; graphql-lane.ts). */
  graphqlLane: GraphqlLane;
  close(): Promise<void>;
}

export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/**
 * Starts the whole service: the database (embedded unless DATABASE_URL is set), migrations,
 * the demo seed, and the HTTP server. main.ts and the end-to-end tests both come through here,
 * so tests exercise exactly what runs in production.
 */
export async function startService(
  config: AppConfig,
  options: { embedded?: EmbeddedPostgres; listen?: boolean; /** Modules plugged in beside the app's own (see AppModule). */ modules?: readonly PluggedModule[] } = {},
): Promise<RunningService> {
  let embedded = options.embedded;
  const ownEmbedded = !config.databaseUrl && !embedded;
  const secrets = resolveSecrets(config, config.databaseUrl ? undefined : { persistent: ownEmbedded });
  let app: NestExpressApplication | undefined;
  if (ownEmbedded) {
    embedded = await EmbeddedPostgres.start({
      dataDir: config.dataDir,
      port: config.embeddedDbPort,
      thread: config.embeddedDbThread,
      // The database's thread ended on its own: nothing this process serves works any more. Exit,
      // as a crash of PGlite on the main thread would, so that the supervisor starts the service
      // again (the data directory's lock is taken over at the next start).
      onThreadLost: (e) => {
        if (app) app.get(Logger).fatal({ err: e }, e.message);
        else process.stderr.write(`${e.message}\n`);
        process.exit(1);
      },
    });
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  try {
    try {
      app = await NestFactory.create<NestExpressApplication>(
        AppModule.forRoot({ config, databaseUrl, embedded: !config.databaseUrl, embeddedServer: config.databaseUrl ? undefined : embedded, secrets, modules: options.modules }),
        { bufferLogs: true, bodyParser: false, abortOnError: false },
      );
    } catch (e) {
      throw new StartupError(
        `Cannot connect to the database at ${config.databaseUrl ? `DATABASE_URL (${redactUrl(databaseUrl)})` : 'the embedded server'}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const logger = app.get(Logger);
    app.useLogger(logger);
    // POST /graphql takes a lane of its own, in front of Express, once the app is initialised (graphql-lane.ts).
    const lane = new GraphqlLane();
    configureHttp(app, config);
    if (config.openApiDocs) configureOpenApi(app);
    if (config.graphiql) configureGraphiql(app);

    const dataSource = app.get(DataSource);
    if (config.migrationsRun) await runMigrations(dataSource, logger, { cipher: () => secrets.cipher });
    // Demo data (never in production: the configuration refuses SEED_DEMO=true there). The order
    // matters: the division list, then the bootstrap administrator (it needs its region), then the
    // demo registry and accounts (whose own administrator would otherwise stop the bootstrap one).
    const seeding = seedDemoWanted(config) && (await seedDemoRegions(app, { logger }));
    // The demo registry is written through the modules' own writers (the registry's import port
    // registers itself when the modules start): the app is initialised before it.
    if (seeding) await app.init();
    await ensureBootstrapAdmin(app, config.bootstrapAdmin, logger);
    if (seeding) {
      await seedDemoRegistry(app, { households: config.seedDemoHouseholds, dataDir: config.dataDir, logger });
      // The embedded database has no autovacuum: the demo's tables get their statistics now, not
      // at the maintenance's first round.
      await app.get(EmbeddedMaintenance).run();
    }

    // The lane needs Apollo started and the middleware resolved: initialise first (listen()
    // does not initialise twice).
    await app.init();
    const authentication = app.get(AuthenticationMiddleware);
    await lane.open(app, config, { authenticate: (req: Request, res: Response, next: NextFunction) => authentication.use(req, res, next) });
    lane.front(app.getHttpServer(), app.getHttpAdapter().getInstance());

    let port = config.port;
    if (options.listen !== false) {
      try {
        await app.listen(config.port, config.host);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new StartupError(`Port ${config.port} is already in use (PORT); choose another port`);
        if (code === 'EACCES') throw new StartupError(`Not allowed to listen on port ${config.port} (PORT)`);
        throw e;
      }
      const address = app.getHttpServer().address();
      port = typeof address === 'object' && address ? address.port : config.port;
      logger.log(`GraphQL at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`, 'Bootstrap');
    }

    const running = app;
    let closing: Promise<void> | undefined;
    return {
      app: running,
      config,
      databaseUrl,
      embedded,
      port,
      graphqlLane: lane,
      close: () =>
        (closing ??= (async () => {
          try {
            await running.close();
          } finally {
            if (ownEmbedded) await embedded!.stop();
          }
        })()),
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    if (ownEmbedded) await embedded?.stop().catch(() => undefined);
    throw e;
  }
}
