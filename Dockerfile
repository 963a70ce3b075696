# Production image: the compiled service, talking to the PostgreSQL server in DATABASE_URL.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY bench ./bench
# The benchmarks start the service with the tests' spawner.
COPY test/support/spawn-service.ts ./test/support/spawn-service.ts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY seeds ./seeds
# Audit checkpoints (AUDIT_CHECKPOINT_FILE in docker-compose.yml): a volume the service may write.
RUN mkdir -p /var/lib/jzfp && chown node:node /var/lib/jzfp && chmod 700 /var/lib/jzfp
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
