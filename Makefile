# boardpack: `make report` builds the demo council's pack; `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MONTH  ?= 2014-12
STAMP  := $(VENV)/.installed
LAB_STAMP := $(VENV)/.lab-installed

.PHONY: setup system git-filters report test lab demo clean bench

# Debian packages: Pango and fonts for WeasyPrint (the PDF), Chromium for the accessibility tests
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core chromium

# Install whichever of SYSTEM_PACKAGES is absent (apt-get as root, else sudo, else say what to install).
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "make: please install: apt-get install $$missing" >&2; exit 1; fi; \
	  echo "make: installing $$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

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

setup: system $(STAMP) git-filters

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

report: system $(STAMP)
	$(BIN)/boardpack demo
	$(BIN)/boardpack run --month $(MONTH)

test: system $(STAMP)
	$(BIN)/python -m pytest

# timings, not tests: indicators at 1x/10x/50x, the pack at 1x/10x and the floor (docs/performance.md)
bench: $(STAMP)
	$(BIN)/boardpack bench

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
