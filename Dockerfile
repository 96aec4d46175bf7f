# syntax=docker/dockerfile:1
# One image for every wfm-sync process; docker-compose.yml picks the process with its command
# (`npm start -w apps/<ingest|worker|dashboard|gc-sim>`, operator-interface.md).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, TypeScript compiled to dist/ --------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV CI=true TURBO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY . .
RUN npm ci
RUN npm run build -- --output-logs=errors-only
# What the runtime needs of each workspace: its package.json (npm links workspaces by it), its dist/, and the
# simulator's fault profiles. Sources, tests and dev tooling stay behind.
RUN set -eu; mkdir -p /out; cp package.json package-lock.json /out/; \
    for ws in packages/* apps/*; do \
      [ -f "$ws/package.json" ] || continue; \
      mkdir -p "/out/$ws"; cp "$ws/package.json" "/out/$ws/"; \
      if [ -d "$ws/dist" ]; then cp -R "$ws/dist" "/out/$ws/dist"; fi; \
    done; \
    cp -R apps/gc-sim/profiles /out/apps/gc-sim/profiles

# ---- runtime: production dependencies only, not root ----------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY --from=build /out/ ./
RUN npm ci --omit=dev && npm cache clean --force
USER node
EXPOSE 8080 9464 9500 9300
CMD ["npm", "start", "-w", "apps/ingest"]
