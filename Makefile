# The portal's two everyday commands: `make run` serves the demo municipality, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := PARTICIPATION_ENV=$${PARTICIPATION_ENV:-development} $(BIN)/flask --app wsgi

.PHONY: run test test-e2e setup install translations translations-update database clean

run: setup
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/pytest

test-e2e: setup
	$(BIN)/pytest tests/e2e

setup: install translations database

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The Nu Html Checker (vnu.jar, run with Java) that the accessibility crawler uses; without npm it is skipped.
node_modules/.installed: package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the browser tests skip the Nu Html Checker"; fi

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages --statistics 2>&1 | tail -n 2

# Collect new strings from code and templates into the catalogues; then translate the German ones.
translations-update: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _ --no-location --sort-output -w 100 --project participation --version 0.1 --msgid-bugs-address "" -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching -w 100
	msgen --no-wrap -o translations/en/LC_MESSAGES/messages.po translations/en/LC_MESSAGES/messages.po

database: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules
