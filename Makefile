# boardpack: `make report` builds the demo council's pack; `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MONTH  ?= 2014-12
STAMP  := $(VENV)/.installed
LAB_STAMP := $(VENV)/.lab-installed

.PHONY: setup git-filters report test lab demo clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; run: make PYTHON=python3 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "make: installing postgresql (database-source tests)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) sh -c 'apt-get update && apt-get install -y postgresql'; }
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

setup: $(STAMP) git-filters

# Notebooks are committed without outputs: git runs nbstripout on them as it stages them
# (.gitattributes), so saving a notebook with its figures in JupyterLab never dirties the committed
# file. The command is relative: git runs filters from the top of the working tree (each clone or
# worktree uses its own .venv). required: a missing filter stops `git add` rather than commit outputs.
git-filters:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '.venv/bin/python -m nbstripout --keep-id' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '.venv/bin/python -m nbstripout --keep-id -t' && \
	  echo "git: notebooks are stripped of outputs as they are staged (.gitattributes)"; \
	fi

demo: $(STAMP)
	$(BIN)/boardpack demo

report: $(STAMP)
	$(BIN)/boardpack demo
	$(BIN)/boardpack run --month $(MONTH)

test: $(STAMP)
	$(BIN)/python -m pytest

# JupyterLab opens at the project root (notebooks/, params/ and params/commentary/ in its file
# browser); it is installed once (the stamp), not at every `make lab`.
$(LAB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,dev,lab]"
	@touch $(LAB_STAMP)

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --ServerApp.root_dir="$(CURDIR)"

# clean: the venv, unfinished staging folders and failed runs; never a published pack or the archive
clean:
	rm -rf $(VENV) outputs/.staging outputs/*.failed-*
