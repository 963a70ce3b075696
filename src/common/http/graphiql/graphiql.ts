import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { GRAPHQL_PATH } from '../../graphql/graphql-options';

/** Where the page's own scripts and styles are served (outside GRAPHQL_PATH, so Apollo never sees them). */
export const GRAPHIQL_ASSETS_PATH = '/graphiql';

/**
 * Only what the page itself loads: its scripts, its stylesheet, its fetches to /graphql. GraphiQL
 * and React set element styles from script (allowed), and GraphiQL's stylesheet embeds its icons
 * and fonts as data: URLs. Nothing inline, nothing from another origin, no framing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  file: string;
  type: string;
}

function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * The package files the page loads, by name: GraphiQL's UMD build (it expects React and ReactDOM
 * as globals, hence React's UMD builds). All come from node_modules: the page needs no network
 * beyond this service. (GraphiQL 5 ships ES modules only, for a bundler; 4 is the last with a
 * build a page can load as is.)
 */
function assets(): Record<string, Asset> {
  const js = 'text/javascript; charset=utf-8';
  return {
    'react.production.min.js': { file: packageFile('react', 'umd/react.production.min.js'), type: js },
    'react-dom.production.min.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: js },
    'graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: js },
    'graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  };
}

/** Versions in the asset URLs: a new package version is a new URL, so the files may be cached long. */
function assetVersion(): string {
  const version = (pkg: string) => (JSON.parse(readFileSync(packageFile(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return `${version('graphiql')}-${version('react')}`;
}

function page(version: string): string {
  const src = (name: string) => `${GRAPHIQL_ASSETS_PATH}/${version}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · 精准扶贫</title>
<link rel="stylesheet" href="${src('graphiql.min.css')}">
<link rel="stylesheet" href="${src('graphiql-page.css')}">
</head>
<body>
<div id="graphiql" data-endpoint="${GRAPHQL_PATH}">Loading GraphiQL…</div>
<script src="${src('react.production.min.js')}"></script>
<script src="${src('react-dom.production.min.js')}"></script>
<script src="${src('graphiql.min.js')}"></script>
<script src="${src('graphiql-init.js')}"></script>
</body>
</html>
`;
}

const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

const DEFAULT_QUERY = `# GraphiQL for the 精准扶贫 API (development only).
#
# Signing in: run the login mutation below, then put its accessToken in the Headers tab:
#   { "Authorization": "Bearer <accessToken>" }
# (an integration client sends { "X-API-Key": "jzfp_…" } instead).
#
# mutation { login(input: { username: "…", password: "…" }) { accessToken } }

query Viewer {
  viewer {
    name
    kind
    regionCode
  }
}
`;

/**
 * Mounts GraphiQL (loaded before this as the global \`GraphiQL\`, with React and ReactDOM). A file
 * of its own, not an inline script, so the page's policy stays \`script-src 'self'\`.
 */
const INIT_JS = `(function () {
  'use strict';
  var container = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: container.getAttribute('data-endpoint') });
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: '{}',
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * GraphiQL, the in-browser GraphQL IDE, at `GET /graphql` for a browser (Accept: text/html);
 * every other request to /graphql goes on to Apollo. Served by the service itself from the
 * `graphiql`, `react` and `react-dom` packages: no CDN. Off in production (config.graphiql).
 * Signing in: put `{"Authorization": "Bearer <accessToken>"}` (or `{"X-API-Key": "jzfp_…"}`) in
 * the Headers tab; the page itself holds no credentials.
 */
export function configureGraphiql(app: NestExpressApplication): void {
  const files = assets();
  const version = assetVersion();
  const html = page(version);
  const headers = (res: Response) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
  };

  app.use(GRAPHQL_PATH, (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/' || !wantsHtml(req)) return next();
    headers(res);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html);
  });

  app.use(GRAPHIQL_ASSETS_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const match = /^\/([^/]+)\/([^/]+)$/.exec(req.path);
    if (!match || match[1] !== version) return next();
    headers(res);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    if (match[2] === 'graphiql-page.css') {
      res.setHeader('Content-Type', 'text/css; charset=utf-8');
      res.send(PAGE_CSS);
      return;
    }
    if (match[2] === 'graphiql-init.js') {
      res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      res.send(INIT_JS);
      return;
    }
    const asset = files[match[2]];
    if (!asset) return next();
    res.setHeader('Content-Type', asset.type);
    res.sendFile(asset.file, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
}
