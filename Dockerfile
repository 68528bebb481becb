# One image for all procnet services; docker-compose.yml picks the service with
# its command (python -m services.<name>). Default: intake.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PROCNET_ENV=development

WORKDIR /app

# Dependencies first, pinned by constraints.txt exactly as `make venv` installs
# them, so code changes do not reinstall them.
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt

# Then the project itself, without re-resolving dependencies.
# The pinned browser libraries (Swagger UI, ECharts), checked against their sha512.
COPY infra/vendor_web.py infra/web-vendor.json ./infra/
RUN python infra/vendor_web.py
ENV PROCNET_WEB_VENDOR_DIR=/app/vendor/web

COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
RUN pip install --no-deps .

# Group 10001 may read the stack's secrets (docker-compose.yml, infra/compose/secrets.sh).
RUN groupadd --system --gid 10001 procnet \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app procnet
USER procnet

EXPOSE 8001 8002 8003
CMD ["python", "-m", "services.intake"]
