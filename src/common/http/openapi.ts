import { INestApplication } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const OPENAPI_UI_PATH = 'api/docs';

class ErrorExtensions {
  @ApiProperty({ example: 'BAD_USER_INPUT', enum: ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'INTERNAL'] })
  code: string;

  @ApiPropertyOptional({ example: 'IS_IN', description: 'Stable machine-readable reason.' })
  reason?: string;

  @ApiPropertyOptional({ example: 'format', description: 'For input errors: the offending parameter.' })
  field?: string;
}

class ErrorItem {
  @ApiProperty({ example: '输入有误 (invalid input)' })
  message: string;

  @ApiProperty({ type: ErrorExtensions })
  extensions: ErrorExtensions;
}

/** The body of every REST error: the same shape as a GraphQL error. */
export class ErrorResponse {
  @ApiProperty({ type: [ErrorItem] })
  errors: ErrorItem[];
}

/**
 * The OpenAPI document of the REST endpoints (GraphQL describes itself), built from the
 * controllers' decorators: JSON at /api/openapi.json, Swagger UI at /api/docs. Both are public
 * documentation, no data; like GraphQL introspection they are off in production unless asked for.
 */
export function configureOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('精准扶贫 REST API')
    .setDescription(
      'File exchange endpoints of the targeted poverty-alleviation platform. Everything else is GraphQL at /graphql. ' +
        'Errors are `{ errors: [{ message, extensions: { code, reason, field } }] }`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from the GraphQL `login` mutation.' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An integration client key (`jzfp_…`), from `createApiKey`.' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] });
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: '精准扶贫 REST API',
  });
}
