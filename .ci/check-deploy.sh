#!/usr/bin/env bash
# Deploy checks without a Docker engine (issue 7, "Deploy" and "Redis Cluster"), the same ones `npm test` runs:
#   apps/worker/test/deploy.test.ts              docker-compose.yml through docker-compose's own parser and schema,
#                                                every service's command and environment, Prometheus config and
#                                                alert rules (promtool check + promtool test rules), metrics catalog
#                                                and Grafana dashboard against the code, Dockerfile shape
#   apps/worker/test/dockerfile.test.ts          the Dockerfile's stages, copies, user, healthcheck and command
#   apps/worker/test/kubernetes.test.ts          deploy/kubernetes rendered by kubectl kustomize, validated offline
#                                                (kubernetes-models), checked against the code
#   apps/worker/test/metrics-exposition.test.ts  promtool check metrics on the live /metrics of ingest, worker, gc-sim
#   apps/worker/test/cluster.test.ts             a storm through ingest and a worker on a 3-master Redis Cluster
# Needs: redis-server, redis-cli, promtool (Debian: prometheus), docker-compose (Debian: docker-compose),
# kubectl (Debian: kubernetes-client), amtool (Debian: prometheus-alertmanager), a build.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npx turbo run build --output-logs=errors-only
cd apps/worker
npx vitest run test/deploy.test.ts test/dockerfile.test.ts test/kubernetes.test.ts test/metrics-exposition.test.ts \
  test/cluster.test.ts
