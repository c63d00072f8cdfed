# boardpack: `make report` builds the demo council's pack; `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MONTH  ?= 2014-12
STAMP  := $(VENV)/.installed

.PHONY: setup report test lab demo clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; run: make PYTHON=python3 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/boardpack demo

report: $(STAMP)
	$(BIN)/boardpack demo
	$(BIN)/boardpack run --month $(MONTH)

test: $(STAMP)
	$(BIN)/python -m pytest

# timings, not tests: indicators at 1x/10x/50x, the pack at 1x/10x and the floor (docs/performance.md)
bench: $(STAMP)
	$(BIN)/boardpack bench

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,lab]"
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

clean:
	rm -rf $(VENV) outputs/*/ outputs/.staging
