import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { LIMITS } from '@doorstep/contracts';
import type { DestinationStream } from 'pino';
import type { DataSourceOptions } from 'typeorm';
import { AppModule } from './app.module';
import { trustProxy, validateConfig, type AppConfig } from './common/config/app-config';
import { withJwtSecret } from './common/config/secrets';
import { buildDataSourceOptions, type DatabaseSettings } from './common/database/data-source';
import { answerClientError } from './common/errors/client-errors';
import { GlobalErrorFilter, sendError } from './common/errors/error.filter';
import { acceptJsonOnly } from './common/http/json-body';
import { h5StaticOptions } from './common/http/h5-static';
import { inlineScriptHashes } from './common/http/inline-scripts';
import { createValidationPipe } from './common/http/validation';
import { createRootLogger, PinoNestLogger, TypeOrmPinoLogger } from './common/logger';
import { SeedService } from './seed/seed.service';

export interface CreateAppOptions {
  /** Settings as environment variables; process.env when omitted. */
  env?: Record<string, string | undefined>;
  /** Overrides the database derived from DATABASE_URL/DATA_DIR (tests). */
  database?: DatabaseSettings;
  /** Called with the Fastify instance before Nest registers routes (tests record the route table). */
  beforeRoutes?: (fastify: FastifyInstance) => void;
  /** Where log lines go; stdout when omitted (tests read the log). */
  logDestination?: DestinationStream;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the API exactly as production runs it; main.ts and the tests both start here. */
export async function createApp(options: CreateAppOptions = {}): Promise<{ app: NestFastifyApplication; config: AppConfig }> {
  const config = withJwtSecret(validateConfig(options.env ?? process.env));
  const logger = createRootLogger(config.LOG_LEVEL, options.logDestination);
  const database: DataSourceOptions = {
    ...(await buildDataSourceOptions(options.database ?? { url: config.DATABASE_URL, dataDir: config.DATA_DIR })),
    logger: new TypeOrmPinoLogger(logger),
  };
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Only trusted proxies may name the client (rate limits key on its address).
    trustProxy: trustProxy(config),
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Node's parser and Fastify's router refuse some requests before any handler runs; they answer in
    // the common error shape too.
    clientErrorHandler: answerClientError,
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendError(reply, request, error, new Logger('Errors')),
  });
  const fastify = adapter.getInstance();
  acceptJsonOnly(fastify, { maxDepth: config.JSON_MAX_DEPTH, maxElements: config.JSON_MAX_ELEMENTS });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // API answers are personal (per caller) or change at any time: no browser or proxy keeps them.
    // Routes that may be cached (photos, by content) set their own Cache-Control first.
    if (request.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  options.beforeRoutes?.(fastify);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, database), adapter, {
    logger: new PinoNestLogger(logger),
    // Our own JSON parser (acceptJsonOnly) replaces Nest's.
    bodyParser: false,
    // Throw boot errors to the caller (main prints them; tests show them) instead of exiting quietly.
    abortOnError: false,
  });
  const h5Root = config.H5_DIR ? resolve(config.H5_DIR) : null;
  if (h5Root && !existsSync(resolve(h5Root, 'index.html'))) throw new Error(`H5_DIR has no index.html: ${h5Root}`);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", ...(h5Root ? inlineScriptHashes(resolve(h5Root, 'index.html')) : [])],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(multipart, { limits: { fileSize: LIMITS.importMaxBytes, files: 1, fields: 10 } });
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['x-request-id'] });
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });
  if (h5Root) app.useStaticAssets(h5StaticOptions(h5Root));
  await app.init();
  if (config.SEED_DEMO) await app.get(SeedService).seedIfEmpty();
  return { app, config };
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Doorstep (家门口) API')
    .setDescription(
      'Property services for residential compounds. Errors are always { statusCode, code, message, details? }; ' +
        'lists are keyset-paginated ({ items, nextCursor }); updates carry the version they were based on (409 when stale).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, document);
}
