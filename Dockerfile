# One image for every FacilFlow role; FACILFLOW_ROLES picks what a container runs
# (web,mcp | ingest | worker | scheduler, or all of them, the default).

# --- build: install exactly the lock file's dependencies and build the web app ---------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# npm ci, not npm install: exactly the lock file's versions, or a clear failure if it drifted.
RUN npm ci --no-audit --no-fund
# Every package compiled to dist/ and the web app's production bundle (app/build).
RUN npm run build

# --- run: the server, as an unprivileged user --------------------------------------------------
FROM node:20-bookworm-slim AS run
# The compiled server; no TypeScript loader at run time.
ARG SERVER_ENTRY=app/dist/server/main.js
ENV NODE_ENV=production \
    SERVER_ENTRY=${SERVER_ENTRY} \
    FACILFLOW_HOST=0.0.0.0 \
    FACILFLOW_HTTP_PORT=3000 \
    FACILFLOW_DATA_DIR=/var/lib/facilflow \
    FACILFLOW_ROLES=web,mcp,ingest,worker,scheduler
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /var/lib/facilflow && chown node:node /var/lib/facilflow
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.FACILFLOW_HTTP_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# sh only expands the entry; `exec` makes node PID 1, so SIGTERM reaches the server, which stops cleanly.
CMD ["sh", "-c", "exec node \"$SERVER_ENTRY\""]
