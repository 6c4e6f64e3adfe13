# Two entry points for a fresh checkout (see README): `make run` and `make test`.
# Both create .venv, install Copydesk with its pinned llama.cpp bindings, and are safe to rerun.
# `make test` ends by building the Linux packages and smoke-testing them (`package-test`);
# COPYDESK_SKIP_PACKAGING=1 skips that stage for quick local runs (CI never sets it).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LLAMA  := llama-cpp-python==0.3.36

.PHONY: run test setup lint typecheck unit starter bench package package-test clean

run: setup starter
	$(BIN)/copydesk

test: setup lint typecheck unit package-test

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
	$(BIN)/python -m pip install -e '.[dev,package]'
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

# dist/copydesk/ (PyInstaller onedir), dist/copydesk-<version>-linux-<arch>-<variant>.tar.gz and
# dist/copydesk_<version>_<arch>.deb; see packaging/README.md.
package: setup
	VENV=$(VENV) packaging/build_linux.sh

# Runs after the unit tests in `make test`: build, then smoke-test the bundle and the .deb.
package-test: setup
	@if [ "$$COPYDESK_SKIP_PACKAGING" = 1 ]; then \
		echo "COPYDESK_SKIP_PACKAGING=1: the packages are neither built nor smoke-tested"; \
	else \
		VENV=$(VENV) packaging/build_linux.sh && VENV=$(VENV) packaging/smoke_test.sh; \
	fi

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
