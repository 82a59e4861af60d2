# Production image: gunicorn serves the portal, the same image runs the Celery worker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 VAR_DIR=/app/var
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext fonts-dejavu-core \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
# Static files and translations are built into the image; settings need no database for this.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only DEBUG=0 \
    CELERY_BROKER_URL=redis://build:6379/0 ALLOWED_HOSTS=build \
    python manage.py collectstatic --no-input -v 0 \
    && DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only \
    CELERY_BROKER_URL=redis://build:6379/0 ALLOWED_HOSTS=build \
    python manage.py compilemessages --ignore=var -v 0
RUN useradd --system --home /app portal && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "wbw_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
