# One image for all procnet services; docker-compose.yml picks the service with
# its command (python -m services.<name>). Default: intake.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PROCNET_ENV=development

WORKDIR /app

# Dependencies first (pinned), so code changes do not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Then the project itself, without re-resolving dependencies.
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
RUN pip install --no-deps .

RUN useradd --system --uid 10001 --home-dir /app procnet
USER procnet

EXPOSE 8001 8002 8003
CMD ["python", "-m", "services.intake"]
