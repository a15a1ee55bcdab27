# Production image: Django under gunicorn; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY static/scss static/scss
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev gcc libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/node_modules ./node_modules
COPY --from=assets /app/static/css/govuk.css ./static/css/govuk.css
# Settings need a database URL to load; collectstatic never connects to it.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://collectstatic-only/none \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 asb && mkdir -p /data/documents && chown asb /data/documents
USER asb
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
