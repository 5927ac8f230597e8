# Two commands are the contract: `make run` and `make test`, from a fresh clone with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coach run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench.storage
	$(BIN)/python -m bench.pitch
	$(BIN)/python -m bench.sweep
	$(BIN)/python -m bench.slack_install
	$(BIN)/python -m bench.responsiveness
	$(BIN)/python -m bench.ask
	$(BIN)/python -m bench.imports
	$(BIN)/python -m bench.replicas
	$(BIN)/python -m bench.stalls
	$(BIN)/python -m bench.names
	$(BIN)/python -m bench.delivery
	PYTHONPATH=. $(BIN)/python bench/typed_records.py

clean:
	rm -rf $(VENV) .pytest_cache
