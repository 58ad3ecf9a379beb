# One build, one small runtime image per app: `docker build --target api|worker|provider-sim .`
# (docker-compose.yml picks the target). Each CMD runs node itself, so `docker stop`'s SIGTERM
# reaches the app (compose adds `init: true` to reap and forward signals); nothing rebuilds at start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY --from=build /app/shared/provider-sim/samples ./shared/provider-sim/samples
USER node

FROM runtime AS provider-sim
ENV PROVIDER_SIM_PORT=3001
EXPOSE 3001
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PROVIDER_SIM_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/provider-sim/src/main.js"]

# Also runs the one-off commands: `docker compose run --rm worker npm run sync` (or `migrate`).
FROM runtime AS worker
ENV WORKER_PORT=3002
EXPOSE 3002
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.WORKER_PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=16", "dist/apps/worker/src/main.js"]

FROM runtime AS api
ENV PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
