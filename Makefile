# Two entry points for a fresh checkout (see README): `make run` and `make test`.
# Both create .venv, install Copydesk with its pinned llama.cpp bindings, and are safe to rerun.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LLAMA  := llama-cpp-python==0.3.36

.PHONY: run test setup lint typecheck unit starter bench clean

run: setup starter
	$(BIN)/copydesk

test: setup lint typecheck unit

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Copydesk needs Python 3.11 or newer (found " + sys.version.split()[0] + "); set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# A GPU build (CMAKE_ARGS="-DGGML_CUDA=on") must not reuse a cached CPU wheel.
	@if [ -n "$$CMAKE_ARGS" ]; then \
		echo "Building $(LLAMA) with CMAKE_ARGS=$$CMAKE_ARGS"; \
		$(BIN)/python -m pip install --no-cache-dir --force-reinstall --no-deps --no-binary llama-cpp-python $(LLAMA); \
	fi
	$(BIN)/python -m pip install -e '.[dev]'
	touch $(STAMP)

starter: setup
	$(BIN)/copydesk models install-starter

lint: setup
	$(BIN)/ruff check app bench tests scripts
	$(BIN)/ruff format --check app bench tests scripts

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/engine_speed.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
