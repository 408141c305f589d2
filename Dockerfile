# Bumpwise in service mode: accounts, a private diary each, shares with the midwife (docs/service.md).
# Build: docker build -t bumpwise .   Run: see compose.yaml; configuration only from BUMPWISE_* variables.
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir "uv==0.13.8"
WORKDIR /app
# Dependencies first (cached while only the code changes), exactly as uv.lock pins them; no dev tools.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev

FROM python:3.11-slim-bookworm
# fonts-dejavu-core: the summary PDF's font (without it the PDF falls back to Latin-1 text)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bumpwise
WORKDIR /app
COPY --from=build --chown=root:root /app /app
ENV PATH=/app/.venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    BUMPWISE_SERVICE=1 BUMPWISE_HOST=0.0.0.0 BUMPWISE_PORT=8000 BUMPWISE_LOG_FORMAT=json \
    BUMPWISE_DATA_DIR=/tmp/bumpwise
USER bumpwise
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=2).status != 200)"]
# Migrations run on start (under a PostgreSQL advisory lock, so several containers may start at once).
CMD ["bumpwise", "serve", "--service", "--workers", "2"]
