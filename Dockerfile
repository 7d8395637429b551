# syntax=docker/dockerfile:1
# Qiandeng's images (compose.yaml builds both targets):
#   production  the app: gunicorn through docker/entrypoint.sh, also the task worker's image
#   proxy       nginx with the collected static files and docker/nginx.conf
# Neither holds demo-only packages (requirements-demo.txt), tests/ or bench/ (.dockerignore).

# Runtime dependencies in their own layer: rebuilt only when requirements.txt changes.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install --upgrade pip && /venv/bin/pip install -r /tmp/requirements.txt

# Static files collected once, for the app (whitenoise's manifest) and the proxy (served by nginx).
# The dummy settings exist only for this step.
FROM build AS static
WORKDIR /src
COPY . .
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/static /venv/bin/python manage.py collectstatic --noinput -v0

FROM python:3.11-slim-bookworm AS production
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private
# pg_dump / pg_restore for `manage.py backup` (bookworm's client is 15: use PostgreSQL 15 or older).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin qiandeng \
    && mkdir -p /data/media /data/private /backups \
    && chown qiandeng:qiandeng /data/media /data/private /backups \
    && chmod 0700 /data/private /backups
COPY --from=build /venv /venv
WORKDIR /app
# The code belongs to root and is only readable by the runtime user; bytecode is compiled here because
# the runtime user cannot write __pycache__.
COPY . /app
COPY --from=static /static /app/staticfiles
RUN python -m compileall -q /app/cms /app/manage.py
USER qiandeng
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]

FROM nginx:1.27-alpine AS proxy
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=static /static /srv/static
