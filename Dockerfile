FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cms.settings.production

# Dependencies in their own layer: rebuilt only when requirements.txt changes.
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -r /tmp/requirements.txt

RUN useradd --create-home --uid 10001 qiandeng
WORKDIR /app
COPY --chown=qiandeng:qiandeng . /app

# Static files are collected at build time; the dummy settings exist only for this step.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown qiandeng:qiandeng /app/media

USER qiandeng
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
