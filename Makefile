# The README's two commands: `make run` and `make test` (plus `make bench`).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test lint venv migrate clean bench translations

# An existing .venv is brought up to date, not created again: in a git worktree the
# checkout makes requirements.txt newer than a .venv shared by symlink, and `python -m
# venv` refuses a symlink ("Unable to create directory").
$(BIN)/activate: requirements.txt
	test -x $(BIN)/python || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --upgrade pip; }
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

# The compiled catalogues (.mo) are not committed: every setup compiles them, and so
# does a `make test` after the .po changed.
MO := tracker/translations/zh_Hant/LC_MESSAGES/messages.mo
$(MO): tracker/translations/zh_Hant/LC_MESSAGES/messages.po $(BIN)/activate
	$(BIN)/pybabel -q compile -d tracker/translations

venv: $(BIN)/activate $(MO)

## translations: extract every marked string into messages.pot and merge it into each
## language's messages.po (then translate the new entries; setup compiles them). A
## message no longer in the code leaves the catalogue (--ignore-obsolete): git keeps it.
translations: venv
	$(BIN)/pybabel -q extract -F babel.cfg -k lazy_gettext -k _l -k N_ -k Text --sort-by-file --project "HK Sponsorship Tracker" \
		--no-wrap -o tracker/translations/messages.pot .
	$(BIN)/pybabel -q update -i tracker/translations/messages.pot -d tracker/translations \
		--no-wrap --no-fuzzy-matching --ignore-obsolete

migrate: venv
	$(BIN)/flask db upgrade

## run: set up from nothing and start the app on http://127.0.0.1:5000
run: migrate
	$(BIN)/flask seed-demo --credentials-file instance/demo-credentials.txt
	$(BIN)/python -m tracker.runner

## lint: ruff over the whole tree, mypy over tracker/ (settings in pyproject.toml)
lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

## test: set up from nothing, lint, the suite on PostgreSQL, then the SQLite subset, each
## spread over TEST_WORKERS pytest-xdist workers (each with its own database, Redis
## database, Celery queue and ports; TEST_WORKERS=0 runs in one process)
TEST_WORKERS ?= 2
test: venv lint
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)
	TEST_DB=sqlite $(BIN)/python -m pytest -q -m sqlite -n $(TEST_WORKERS)

## bench: set up from nothing, generate (or reuse) a million cases, measure, write bench/results/
bench: venv
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py --reuse $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
