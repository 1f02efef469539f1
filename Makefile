VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# The application code that bandit reads (tests, benchmarks and scripts are not served).
APPS := agenda api attendees common config events mail organizations registrations workgroups
# mark_safe (B308, B703) is ruff's S308, where each use carries its reason in the noqa comment.
BANDIT_SKIPS := B308,B703

.PHONY: install run test lint check messages bench backup restore clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "Python 3.12+ is needed (see .python-version)"; exit 1; }
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)
	$(PY) manage.py compilemessages -v0 --ignore=.venv

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo
	$(PY) -m config.run_local

test: install
	$(PY) -m pytest -m "not load" -n 2 --dist loadgroup

messages: install
	$(PY) manage.py makemessages -l pl -l uk -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete --no-location
	$(PY) manage.py compilemessages -v0 --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/bandit -q -r $(APPS) -x '*/migrations/*' -s $(BANDIT_SKIPS)
	$(PY) scripts/import_cycles.py
	$(PY) scripts/audit_dependencies.py

check: lint test

bench: install
	$(PY) -m bench

# DATABASE_URL=... make backup; make restore DUMP=var/backups/portal-….dump TARGET=postgres://…/portal_restored
# [ERASURE_LOG=erasures.jsonl] (README, "Backup and restore").
backup:
	scripts/backup.sh

restore: install
	PYTHON=$(PY) scripts/restore.sh "$(DUMP)" "$(TARGET)" $(ERASURE_LOG)

clean:
	rm -rf $(VENV) var
