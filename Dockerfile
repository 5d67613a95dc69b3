# One image for both roles: `panelist serve --no-worker` (api) and `panelist worker`.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PANELIST_DATA_DIR=/data PANELIST_LOG_FORMAT=json
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . && useradd --system --home /data panelist && mkdir -p /data \
    && chown panelist /data
USER panelist
EXPOSE 8000
CMD ["panelist", "serve", "--no-worker", "--no-demo", "--host", "0.0.0.0", "--port", "8000"]
