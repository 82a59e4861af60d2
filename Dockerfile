# Production image: gunicorn serves the portal; the same image runs the Celery worker and beat.
# Three stages: wheels for the locked production dependencies (requirements/main.txt, checked
# against their hashes); static files and translations built once; a slim runtime with neither
# compilers nor gettext, running as a non-root user. No embedded server is in it: the settings
# refuse to start without DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY and ALLOWED_HOSTS.

FROM python:3.11-slim AS wheels
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY requirements/main.txt requirements.txt
RUN pip wheel --require-hashes --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 VAR_DIR=/app/var
# WeasyPrint (council report PDFs) needs Pango and HarfBuzz; DejaVu is the PDF's font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
# Exactly the wheels of the lock, nothing resolved again.
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-index --no-deps /wheels/*.whl
WORKDIR /app

FROM base AS assets
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
COPY . .
# Settings need values, not servers, for these two commands.
ENV DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build@localhost/build CELERY_BROKER_URL=redis://build:6379/0 \
    SITE_URL=http://build
RUN python manage.py collectstatic --no-input -v 0 \
    && python manage.py compilemessages --ignore=var -v 0

FROM base AS runtime
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal
COPY . .
COPY --from=assets /app/var/static /app/var/static
COPY --from=assets /app/locale /app/locale
RUN mkdir -p /app/var/media && chown portal /app/var /app/var/media
USER portal
EXPOSE 8000
# /gezond/ as a proxy would ask it: every component (database, broker, worker, media,
# migrations) must answer. Worker and beat containers override this (docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "wbw_portal.healthcheck"]
CMD ["gunicorn", "wbw_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
