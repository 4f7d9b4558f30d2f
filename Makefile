# Kerja Sama NTB: two commands for a newcomer.
#   make run   — install, migrate, load the demo data, serve on http://127.0.0.1:8000
#                (another port: make run PORT=8080) with the mail worker beside it
#   make test  — every check: Django's, migrations, ruff, the whole pytest suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test system system-test install install-dev html-checker messages clean backup restore

run: system install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "  Kerja Sama NTB: http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: demo-kerjasama):"
	@echo "    biro             Bureau staff (Biro Administrasi Kerjasama)"
	@echo "    pimpinan         Leadership"
	@echo "    skpd-pertanian   SKPD officer, Dinas Pertanian dan Perkebunan"
	@echo "    skpd-pariwisata  SKPD officer, Dinas Pariwisata"
	@echo "    admin            Administrator (also /admin/)"
	@echo ""
	@echo "  The mail worker (manage.py db_worker) runs beside the web server; Ctrl+C stops both."
	@echo ""
	$(BIN)/python manage.py send_notifications
	$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: system-test install-dev html-checker messages
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

system:
	@./scripts/system-packages.sh

system-test:
	@./scripts/system-packages.sh --for-tests

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when a requirements file changed.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The Nu HTML checker (npm vnu-jar, run with Java) for the accessibility test; its install
# script only fetches a Java we already have, so it is skipped.
html-checker: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

clean:
	rm -rf $(VENV) var

# A dated archive of the database and the uploads in BACKUP_DIR (default var/backups).
backup:
	$(BIN)/python manage.py backup

# Back into an EMPTY database (see the README, "Backup and restore").
restore:
	@if [ -z "$(FILE)" ]; then \
	  echo "Which archive? make restore FILE=var/backups/kerjasama-YYYY-MM-DDTHHMM.tar.gz (into an empty database: see the README, Backup and restore)" >&2; \
	  exit 2; \
	fi
	$(BIN)/python manage.py restore "$(FILE)"
