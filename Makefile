# Mostrador: every task has a target here. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell ./scripts/find-python.sh)
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Developer tools (catalogs, migration checks) need settings but no production secrets.
DEV_MANAGE := DEBUG=true $(MANAGE)
HOST ?= 127.0.0.1
PORT ?= 8000
# Where `make run` receives email over SMTP (a mail server, or swaks, delivers there).
SMTP_PORT ?= 2525
# uv must use the interpreter we found, never download one (machines may have no internet).
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'

$(UV):
	@test -n "$(PYTHON)" || { ./scripts/find-python.sh; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.PHONY: venv
venv: $(UV) ## Create .venv and install the pinned dependencies (uv.lock)
	$(UV) sync --frozen --python "$(PYTHON)" --quiet

.PHONY: lock
lock: $(UV) ## Re-resolve dependencies into uv.lock after editing pyproject.toml
	$(UV) lock --python "$(PYTHON)"

.PHONY: compilemessages
compilemessages: venv ## Compile the translation catalogs (locale/*/LC_MESSAGES/*.mo)
	@if command -v msgfmt >/dev/null; then $(DEV_MANAGE) compilemessages --ignore=.venv --ignore=.tools -v0; \
	else $(PY) scripts/compile_messages.py; fi

.PHONY: messages
messages: venv ## Extract translatable strings into locale/ca and locale/es
	$(DEV_MANAGE) makemessages -l ca -l es --no-obsolete --ignore=.venv --ignore=.tools --ignore=var --add-location=file
	@$(MAKE) --no-print-directory compilemessages

.PHONY: migrate
migrate: venv ## Apply database migrations
	$(MANAGE) migrate --no-input -v0

.PHONY: demo
demo: venv compilemessages system-deps ## Set up a SQLite database with demo data and serve it at http://127.0.0.1:8000
	$(DEV_MANAGE) migrate --no-input -v0
	$(DEV_MANAGE) seed --size S --until now
	@echo "Serving on http://$(HOST):$(PORT)/ (with a worker, a scheduler and mail received on SMTP port $(SMTP_PORT)); Ctrl+C stops all."
	@DEBUG=true $(MAKE) --no-print-directory run

.PHONY: run
run: venv ## Serve the app with a task worker, a scheduler and the mail receiver (development)
	@trap 'kill 0' EXIT INT TERM; \
	$(MANAGE) db_worker --interval 1 & \
	$(MANAGE) scheduler & \
	$(MANAGE) receive_email --smtp $(HOST):$(SMTP_PORT) & \
	$(MANAGE) watch_mailboxes & \
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

.PHONY: serve
serve: venv system-deps ## Serve with gunicorn (production server; set SECRET_KEY, ALLOWED_HOSTS...)
	$(MANAGE) collectstatic --no-input -v0
	$(VENV)/bin/gunicorn config.wsgi --config config/gunicorn_settings.py --bind $(HOST):$(PORT)

.PHONY: worker
worker: venv ## Run a background task worker
	$(MANAGE) db_worker

.PHONY: scheduler
scheduler: venv ## Run the periodic-job scheduler (start several: one leads)
	$(MANAGE) scheduler

.PHONY: mail
mail: venv ## Receive email: SMTP on SMTP_PORT (2525), and watch the IMAP mailboxes with IDLE
	@trap 'kill 0' EXIT INT TERM; \
	$(MANAGE) receive_email --smtp $(HOST):$(SMTP_PORT) & \
	$(MANAGE) watch_mailboxes

.PHONY: browser
browser: ## Install Debian's Chromium for the browser tests when missing (needs root)
	@./scripts/install-browser.sh

.PHONY: mail-servers
mail-servers: ## Install Dovecot, swaks and msmtp for the email tests when missing (needs root)
	@./scripts/install-mail-servers.sh

.PHONY: system-deps
system-deps: ## Install the Debian libraries for PDF receipts (Pango) and attachment types (libmagic) when missing (needs root)
	@./scripts/install-system-deps.sh

.PHONY: npm-deps
npm-deps: ## Install the npm test tools pinned in package-lock.json (axe-core) when missing
	@./scripts/install-npm-deps.sh

.PHONY: test
test: venv compilemessages browser mail-servers system-deps npm-deps ## Run the test suite with coverage (DATABASE_URL picks the database)
	$(PY) -m pytest -n 2 --cov --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

SIZE ?= M
DB ?= postgres
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
.PHONY: bench
bench: venv compilemessages ## Run the standard workload, SIZE=S|M|L DB=postgres|sqlite; results in docs/benchmarks.md
	$(PY) -m bench --size $(SIZE) --db $(DB) --postgres-url $(BENCH_POSTGRES_URL) $(BENCH_ARGS)

.PHONY: lint
lint: venv ## Lint: ruff, import contracts, migrations in step with models, translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(DEV_MANAGE) makemigrations --check --dry-run -v0
	$(PY) scripts/check_translations.py

.PHONY: audit
audit: venv ## Look up the locked dependencies in OSV or PyPI's advisories (AUDIT_REQUIRED=1: must answer)
	$(PY) scripts/audit_dependencies.py $(UV)

.PHONY: format
format: venv ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: typecheck
typecheck: venv ## Type-check with mypy (strict)
	$(VENV)/bin/mypy .

.PHONY: check
check: lint typecheck test ## Every gate CI runs

.PHONY: clean
clean: ## Remove the virtual environments, the database and compiled files
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache .coverage
	find locale -name '*.mo' -delete
