# syntax=docker/dockerfile:1
#
# One image for every role. The role mix is chosen at start:
#   docker run IMAGE                              -> start --roles bot,api,worker (all three)
#   docker run IMAGE start --roles api            -> one role
#   docker run IMAGE migrate                      -> run database migrations and exit
# Build: docker build -t warhorn .

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: every dependency, dev ones included, for the compiler -------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# --- build: tsc to dist/, Vite to miniapp/web/dist/ (the Mini App) ------------------------------
FROM deps AS build
COPY . .
RUN npm run build

# --- prod-deps: production dependencies only, in a stage of their own so the layer caches -------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HTTP_PORT=3000 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
# Code stays owned by root (read-only for the app); only .warhorn/ (local state of the sandbox,
# which starts when BOT_TOKEN is unset) is writable by the unprivileged user.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/miniapp/web/dist ./miniapp/web/dist
COPY package.json ./
RUN mkdir -p .warhorn && chown node:node .warhorn
USER node
EXPOSE 3000
# Liveness only: /readyz (Postgres + Redis) belongs to orchestrators that route traffic.
# The slim image has no curl; Node's own fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["start"]
