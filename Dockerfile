# The web app for docker compose: `registry serve` runs gunicorn (threaded
# workers from the CPU count, a 300 s worker timeout for reports and full
# exports; registry/serving.py); each worker creates its own Neo4j driver
# after the fork (registry.db.Database).
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=peer --no-audit --no-fund \
 && mkdir -p vendor \
 && cp node_modules/vis-network/dist/vis-network.min.js \
       node_modules/vis-network/dist/dist/vis-network.min.css vendor/

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 REGISTRY_VAR=/app/var
WORKDIR /app
# Pango and HarfBuzz for WeasyPrint (the committee report as PDF).
RUN apt-get update && apt-get install -y --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY registry ./registry
COPY cypher ./cypher
COPY templates ./templates
COPY --from=assets /src/vendor ./registry/static/vendor
RUN pip install --no-cache-dir . && useradd --system --home /app registry \
 && mkdir -p /app/var && chown registry /app/var
USER registry
EXPOSE 8000
# The schema is idempotent, so applying it at every start is safe.
CMD ["sh", "-c", "registry init-db && exec registry serve --host 0.0.0.0 --port 8000"]
