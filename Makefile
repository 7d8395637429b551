# Qiandeng: `make help` lists the targets. The two that matter: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# Test processes (pytest-xdist): one per core; a test module stays in one process (its fixtures are shared).
TEST_PROCESSES ?= auto

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-demo.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

run: $(STAMP) ## Migrate, load demo content (idempotent), serve on SQLite at http://127.0.0.1:$(PORT)/ with a task worker and the scheduler
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Public site: http://127.0.0.1:$(PORT)/"
	@echo "  Admin:       http://127.0.0.1:$(PORT)/admin/"
	@echo "  Background:  a task worker (db_worker) and the scheduler (run_schedules) run beside the site"
	@echo "               and stop with it; development SMS are recorded in the admin (通知 → 短信记录)."
	@echo ""
	@# The three run side by side; stopping make (Ctrl-C, or a signal to this shell) stops all three.
	@$(BIN)/python manage.py db_worker --no-reload --interval 1 --verbosity 0 & worker=$$!; \
	$(BIN)/python manage.py run_schedules --loop & scheduler=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	trap 'pkill -TERM -P $$server 2>/dev/null; kill $$server $$worker $$scheduler 2>/dev/null; exit 0' INT TERM EXIT; \
	wait $$server

test: $(STAMP) ## Run the whole suite (SQLite; set DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadscope $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Catalogues carry no source locations, so parallel branches that add strings merge without conflicts.
# Chinese is the source language; the zh_Hans identity catalogue makes each lookup hit at once instead of
# missing through a dozen Django and Wagtail catalogues (21 µs → 2 µs a string, measured). locale/zh_Hans/gaps.po
# (kept by hand) adds Chinese for Wagtail's, modeladmin's and Django's English messages their catalogues lack.
messages: $(STAMP) ## Update the English catalogue and the zh_Hans identity catalogue, then compile both
	$(BIN)/python manage.py makemessages -l en --keep-pot --no-location --ignore=.venv --ignore=staticfiles
	msginit --no-translator --no-wrap --locale=zh_CN.UTF-8 -i locale/django.pot -o - \
		| sed -e 's/^"Language: zh_CN/"Language: zh_Hans/' -e 's/nplurals=INTEGER; plural=EXPRESSION;/nplurals=1; plural=0;/' \
		| msgen --no-wrap - | sed -e '/^msgstr\[1\]/d' > locale/zh_Hans/identity.po
	msgcat --use-first --no-wrap --no-location locale/zh_Hans/gaps.po locale/zh_Hans/identity.po \
		-o locale/zh_Hans/LC_MESSAGES/django.po
	rm locale/django.pot locale/zh_Hans/identity.po
	$(BIN)/python manage.py compilemessages -l en -l zh_Hans --ignore=.venv

bench: $(STAMP) ## In-process render benchmark of the public pages (see bench/README.md)
	$(BIN)/python bench/render_pages.py

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles media

.PHONY: help install run test lint format messages bench clean
