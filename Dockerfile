# syntax=docker/dockerfile:1
# One image for every wfm-sync process. The process is the command, `node` started directly so SIGTERM reaches it
# (npm would not forward it): docker-compose.yml and deploy/kubernetes/ set one of
#   node apps/ingest/dist/main.js | apps/worker/dist/main.js | apps/dashboard/dist/main.js | apps/gc-sim/dist/main.js
#   node apps/cli/dist/main.js <command>          (the operator CLI, wfm-sync)
# Targets: `runtime` (the default, last stage) has production dependencies only; `demo` adds the demo feed
# (apps/demo) for `docker compose --profile demo`. Bench, demo and their tools (autocannon) are not in `runtime`.
# Checked without a Docker engine by apps/worker/test/dockerfile.test.ts (stages, user, healthcheck, command,
# every copied file exists, every workspace manifest copied).

ARG NODE_IMAGE=node:26-bookworm-slim

# ---- manifests: package.json of the root and of every workspace, and the lockfile ------------------------------
# Copied alone so the `npm ci` layers below are cached until a manifest or the lockfile changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages/config/package.json packages/config/
COPY packages/domain/package.json packages/domain/
COPY packages/genesys-client/package.json packages/genesys-client/
COPY packages/observability/package.json packages/observability/
COPY packages/pipeline/package.json packages/pipeline/
COPY packages/process-kit/package.json packages/process-kit/
COPY packages/redis-kit/package.json packages/redis-kit/
COPY packages/test-support/package.json packages/test-support/
COPY apps/bench/package.json apps/bench/
COPY apps/cli/package.json apps/cli/
COPY apps/dashboard/package.json apps/dashboard/
COPY apps/demo/package.json apps/demo/
COPY apps/gc-sim/package.json apps/gc-sim/
COPY apps/ingest/package.json apps/ingest/
COPY apps/local-stack/package.json apps/local-stack/
COPY apps/system-tests/package.json apps/system-tests/
COPY apps/worker/package.json apps/worker/

# ---- build: every dependency (cached layer), then the sources, compiled to dist/ --------------------------------
FROM manifests AS build
ENV CI=true TURBO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm ci
COPY tsconfig.base.json turbo.json ./
COPY packages/ packages/
COPY apps/ apps/
RUN npm run build -- --output-logs=errors-only

# ---- prod-deps: production dependencies of the services only (cached layer) ----------------------------------
FROM manifests AS prod-deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm ci --omit=dev --ignore-scripts \
      -w apps/ingest -w apps/worker -w apps/dashboard -w apps/gc-sim -w apps/cli \
  && npm cache clean --force

# ---- demo-deps: the same plus the demo feed's ------------------------------------------------------------------
FROM manifests AS demo-deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm ci --omit=dev --ignore-scripts \
      -w apps/ingest -w apps/worker -w apps/dashboard -w apps/gc-sim -w apps/cli -w apps/demo \
  && npm cache clean --force

# ---- demo: the runtime plus apps/demo (the compose demo's `feed`) ---------------------------------------------
FROM ${NODE_IMAGE} AS demo
ENV NODE_ENV=production
WORKDIR /app
COPY --from=demo-deps /src/ ./
COPY --from=build /src/packages/ ./packages/
COPY --from=build /src/apps/ ./apps/
USER node
CMD ["node", "apps/demo/dist/feed-main.js"]

# ---- runtime: compiled services, production dependencies, not root --------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=prod-deps /src/ ./
COPY --from=build /src/packages/config/dist/ ./packages/config/dist/
COPY --from=build /src/packages/domain/dist/ ./packages/domain/dist/
COPY --from=build /src/packages/genesys-client/dist/ ./packages/genesys-client/dist/
COPY --from=build /src/packages/observability/dist/ ./packages/observability/dist/
COPY --from=build /src/packages/pipeline/dist/ ./packages/pipeline/dist/
COPY --from=build /src/packages/redis-kit/dist/ ./packages/redis-kit/dist/
COPY --from=build /src/apps/cli/dist/ ./apps/cli/dist/
COPY --from=build /src/apps/dashboard/dist/ ./apps/dashboard/dist/
COPY --from=build /src/apps/gc-sim/dist/ ./apps/gc-sim/dist/
COPY --from=build /src/apps/gc-sim/profiles/ ./apps/gc-sim/profiles/
COPY --from=build /src/apps/ingest/dist/ ./apps/ingest/dist/
COPY --from=build /src/apps/worker/dist/ ./apps/worker/dist/
USER node
EXPOSE 8080 9464 9500 9300
# Every long-running process serves /readyz on $PORT (compose and Kubernetes set PORT; ingest's 8080 otherwise).
# The CLI and the demo feed are not probed: compose disables the check for them.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/ingest/dist/main.js"]
