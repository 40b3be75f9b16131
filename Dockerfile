# xborder server image: `docker build -t xborder .` (docs/deploy.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    XBORDER_DATA_DIR=/var/lib/xborder XBORDER_HOST=0.0.0.0 XBORDER_PORT=8000

WORKDIR /app
# The pinned versions first: the layer is reused while only the code changes.
COPY constraints.txt pyproject.toml setup.py README.md ./
COPY src ./src
# A C compiler for the screening scorer's compiled part (setup.py), removed after the build;
# the import fails the build if it was not compiled.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && pip install -c constraints.txt . \
    && python -c "import xborder.screening._fastalign" \
    && apt-get purge -y gcc libc6-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/xborder --create-home xborder

USER xborder
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c \
    "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
# Migrations run as a separate step before the servers start (see compose.yaml).
CMD ["xborder", "serve", "--workers", "2"]
