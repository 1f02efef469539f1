# The portal's image: web (gunicorn), worker and beat run from it with different commands (docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext for compilemessages; Pango, HarfBuzz and fonts for WeasyPrint's PDF badges and programmes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        libjpeg62-turbo \
        shared-mime-info \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --create-home --home-dir /home/portal portal
WORKDIR /app

# Dependencies first, pinned by the lock file, so code changes do not reinstall them.
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock .

COPY . .
RUN python manage.py compilemessages -v0 \
    && DJANGO_SETTINGS_MODULE=config.settings.dev python manage.py collectstatic --noinput -v0 \
    && mkdir -p var/media \
    && chown -R portal:portal var

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--config=config/gunicorn.py"]
