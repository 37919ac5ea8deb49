# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint evaluate bench clean-outputs

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run corpora/samples --db outputs/directives.db --exports outputs/exports

test: $(STAMP)
	$(PY) -m ruff check pipeline tests benchmarks corpora
	$(PY) -m mypy
	$(PY) -m pytest -q

evaluate: $(STAMP)
	$(PY) -m pipeline evaluate

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean-outputs:
	rm -rf outputs/directives.db outputs/exports
