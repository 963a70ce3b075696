import { ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard } from './common/access/access.guard';
import { AccessPolicy } from './common/access/access-policy';
import { APP_DECLARATIONS, appDeclarations } from './app.modules';
import { DataSource } from 'typeorm';
import { CompiledReads } from './common/graphql/compiled-read';
import { ReadStatements } from './common/sql/read-statements';
import { ACCESS_POLICY, accessPolicyOf } from './app.permissions';
import { DeclaredParameters, ModuleDeclaration } from './common/kit/module-declaration';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/errors/validation';
import { graphqlOptions } from './common/graphql/graphql-options';
import { SchemaFromMetadataApolloDriver } from './common/graphql/schema-driver';
import { loggerParams } from './common/http/logger';
import { EmbeddedMaintenance } from './database/embedded-maintenance';
import { EMBEDDED_DATABASE, EmbeddedPostgres } from './database/embedded-postgres';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { AuditModule } from './audit/audit.module';
import { RequestScopeMiddleware } from './common/request-scope/request-scope.middleware';
import { RequestLogMiddleware } from './common/http/request-log';
import { ProbesModule } from './probes/probes.module';
import { RegionsModule } from './regions/regions.module';
import { IdentityModule } from './identity/identity.module';
import { ParametersModule } from './parameters/parameters.module';
import { DisclosureModule } from './disclosure/disclosure.module';
import { HouseholdsModule } from './households/households.module';
import { LifecycleModule } from './households/lifecycle/lifecycle.module';
import { HouseholdsImportModule } from './households/import/households-import.module';
import { ImportPortsModule } from './common/imports/import-ports';
import { AssistanceModule } from './assistance/assistance.module';
import { ProjectsModule } from './projects/projects.module';
import { EmploymentModule } from './employment/employment.module';
import { EducationModule } from './education/education.module';
import { HealthModule } from './health/health.module';
import { DisabilityModule } from './disability/disability.module';
import { FundsModule } from './funds/funds.module';
import { SupervisionModule } from './supervision/supervision.module';
import { ExchangeModule } from './exchange/exchange.module';
import { EventsModule } from './common/events/events.module';
import { JobsModule } from './common/jobs/jobs.module';
import { RateLimitGuard, rateLimitOptions } from './common/rate-limit/rate-limit';
import { SECRETS, Secrets } from './config/secrets';
import { IMPORT_THREADS } from './exchange/imports/import-thread';

/**
 * A module plugged into the app from outside `src/` (an example module, a district's own module):
 * its declaration (merged with the app's, as if it were listed in MODULE_DECLARATIONS), its Nest
 * module and its migrations. The modules of the service itself are listed in app.modules.ts.
 */
export interface PluggedModule {
  declaration: ModuleDeclaration;
  module: Type;
  migrations: readonly Function[];
}

export interface AppModuleOptions {
  config: AppConfig;
  /** Modules plugged in beside the app's own (tests, examples). */
  modules?: readonly PluggedModule[];
  /** The database actually used: DATABASE_URL or the embedded server's URL. */
  databaseUrl: string;
  embedded: boolean;
  /** The embedded database this process serves (its own or a test's), when it runs on one. */
  embeddedServer?: EmbeddedPostgres;
  secrets: Secrets;
  /**
   * The application context of an import thread (src/import-thread.ts): no GraphQL schema, no
   * HTTP, imports run where they are (never in another thread).
   */
  importThread?: boolean;
}

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestScopeMiddleware, RequestLogMiddleware).forRoutes('*splat');
  }

  static forRoot({ config, databaseUrl, embedded, embeddedServer, secrets, modules = [], importThread = false }: AppModuleOptions): DynamicModule {
    const declarations = modules.length ? appDeclarations(modules.map((m) => m.declaration)) : APP_DECLARATIONS;
    const accessPolicy = modules.length ? accessPolicyOf(declarations) : ACCESS_POLICY;
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: databaseUrl,
            poolSize: config.dbPoolSize,
            statementTimeoutMs: config.dbStatementTimeoutMs,
            embedded,
            entities: declarations.entities,
            extraMigrations: modules.flatMap((m) => m.migrations),
          }),
          retryAttempts: 0,
        }),
        ...(importThread ? [] : [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: SchemaFromMetadataApolloDriver, ...graphqlOptions(config) })]),
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        EventsModule,
        JobsModule,
        ImportPortsModule,
        AuditModule,
        ProbesModule,
        RegionsModule,
        IdentityModule,
        ParametersModule,
        DisclosureModule,
        HouseholdsModule,
        LifecycleModule,
        HouseholdsImportModule,
        AssistanceModule,
        ProjectsModule,
        EmploymentModule,
        EducationModule,
        HealthModule,
        DisabilityModule,
        FundsModule,
        SupervisionModule,
        ExchangeModule,
        ...modules.map((m) => m.module),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SECRETS, useValue: secrets },
        { provide: EMBEDDED_DATABASE, useValue: embeddedServer ?? null },
        // Imports in threads of their own: on a server, with the app's own modules only (a thread cannot load plugged ones).
        { provide: IMPORT_THREADS, useValue: config.imports.thread && !embedded && !modules.length && !importThread },
        // Autovacuum's work on the embedded database, which has no autovacuum (embedded-maintenance.ts).
        EmbeddedMaintenance,
        // Who may do what, merged from the modules' declarations (app.permissions.ts).
        { provide: AccessPolicy, useValue: accessPolicy },
        // The policy parameters modules declare beside RULES.md, seeded by the parameter store.
        { provide: DeclaredParameters, useValue: new DeclaredParameters(declarations.parameters) },
        // The modules' read declarations, compiled per selection (src/common/graphql/compiled-read.ts).
        {
          provide: CompiledReads,
          useFactory: (dataSource: DataSource) =>
            new CompiledReads(declarations.reads, dataSource, secrets.cipher, new ReadStatements(dataSource, embedded ? 0 : config.dbPreparedReads, embeddedServer)),
          inject: [DataSource],
        },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [APP_CONFIG, SECRETS, EMBEDDED_DATABASE, IMPORT_THREADS, EmbeddedMaintenance, AccessPolicy, DeclaredParameters, CompiledReads],
    };
  }
}
