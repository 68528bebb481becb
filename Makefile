# procnet — the two commands are `make up` and `make test`; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY      := .venv/bin/python
STAMP   := .venv/.installed-$(shell cat requirements.txt requirements-dev.txt constraints.txt | sha1sum | cut -c1-12)

# The test stack runs beside a development stack on its own ports and state folder.
# TEST_SLOT=n shifts every port by 100*n and uses .state/test-n (test stacks side by side).
TEST_SLOT ?= 0
slot_port = $(shell echo $$(($(1) + 100 * $(2))))
# PROCNET_TEST_STACK=native: `make test` starts the stack with infra/up.sh even where a
# Docker engine exists (pytest alone picks containers then; tests/support/containers.py).
TEST_ENV := PROCNET_ENV=test PROCNET_TEST_STACK=native \
	PROCNET_STATE_DIR=$(CURDIR)/.state/$(if $(filter 0,$(TEST_SLOT)),test,test-$(TEST_SLOT)) \
	PROCNET_KAFKA_PORT=$(call slot_port,59092,$(TEST_SLOT)) \
	PROCNET_KAFKA_CONTROLLER_PORT=$(call slot_port,59093,$(TEST_SLOT)) \
	PROCNET_PG_PORT=$(call slot_port,55432,$(TEST_SLOT)) \
	PROCNET_REDIS_PORT=$(call slot_port,56379,$(TEST_SLOT))

.PHONY: help venv web-vendor lint fmt infra-up infra-down infra-status migrate test test-unit test-down up down logs

help:  ## list targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

venv: $(STAMP) web-vendor  ## create .venv with pinned dependencies

web-vendor:  ## fetch the pinned browser libraries the pages serve themselves (vendor/web)
	@python3 infra/vendor_web.py

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	@test -x $(PY) || python3.11 -m venv .venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c constraints.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@rm -f .venv/.installed-*; touch $@

lint: venv  ## ruff and mypy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy shared services tests

fmt: venv  ## format and autofix
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

infra-up: venv  ## start Kafka, PostgreSQL and Redis (idempotent) and create topics
	bash infra/up.sh
	$(PY) -m shared.kafka.admin

infra-down:  ## stop the servers infra-up started
	bash infra/down.sh

infra-status:  ## which servers run, on which ports
	bash infra/status.sh

test: venv  ## start the test stack, then run every test (TESTS=path narrows them)
	bash infra/install-compose.sh
	bash infra/install-browser.sh
	bash infra/install-cjk-fonts.sh
	$(TEST_ENV) bash infra/up.sh
	$(TEST_ENV) $(PY) -m shared.kafka.admin
	$(TEST_ENV) $(PY) -m pytest -q -p no:cacheprovider $(TESTS)

.PHONY: docs screenshots
docs: venv  ## regenerate the event catalogue: docs/asyncapi.json and docs/events.md
	$(PY) -m shared.events.asyncapi --write docs

test-unit: venv  ## only the tests that need no servers
	$(PY) -m pytest -q tests/unit

screenshots:  ## keep a few page screenshots of the last browser test run in docs/screenshots
	bash infra/keep_screenshots.sh

test-down:  ## stop the test stack
	$(TEST_ENV) bash infra/down.sh

migrate: venv  ## upgrade every service's schema to its newest migration
	$(PY) -m shared.db.migrate all

up: infra-up migrate  ## everything: infrastructure, migrations, the services and the demo region
	$(PY) -m shared.identity.keys ensure
	bash infra/install-cjk-fonts.sh
	bash infra/services.sh start
	@bash infra/status.sh && bash infra/services.sh status
	$(PY) -m services.cli seed
	@for s in intake:$${PROCNET_INTAKE_PORT:-8001} matching:$${PROCNET_MATCHING_PORT:-8002} \
	  balancer:$${PROCNET_BALANCER_PORT:-8003} settlement:$${PROCNET_SETTLEMENT_PORT:-8004} \
	  fulfilment:$${PROCNET_FULFILMENT_PORT:-8005}; do \
	  printf '  %-10s http://127.0.0.1:%s   OpenAPI: http://127.0.0.1:%s/docs\n' $${s%%:*} $${s#*:} $${s#*:}; \
	done
	@mkdir -p .state/dev && $(PY) -m services.cli tokens --plain > .state/dev/tokens.tsv
	@echo "API tokens for scripts (role, organisation, id, token; 12 hours): .state/dev/tokens.tsv"
	@echo "  e.g. curl -H \"Authorization: Bearer \$$(awk -F'\t' '\$$1==\"admin\"{print \$$4}' .state/dev/tokens.tsv)\" http://127.0.0.1:$${PROCNET_BALANCER_PORT:-8003}/v1/seasons"
	@echo "A simulated season with a report: make demo (or .venv/bin/procnet simulate --help)"
	@echo "Portal (web pages, Chinese first): http://127.0.0.1:$${PROCNET_PORTAL_PORT:-8000}/"
	@$(PY) -m services.portal.demo_logins

down:  ## stop everything `make up` started
	bash infra/services.sh stop
	bash infra/down.sh

logs:  ## follow the services' logs
	tail -F .state/dev/logs/*.log

.PHONY: demo
demo: up  ## a short simulated season on the development stack, report in reports/
	$(PY) -m services.cli simulate --weeks 8 --orders-per-week 50

# Benchmarks run on a stack of their own (.state/bench), beside dev and test.
# BENCH_SLOT=n shifts every port by 100*n and uses .state/bench-n (two benches side by side).
BENCH_SLOT ?= 0
bench_port = $(call slot_port,$(1),$(BENCH_SLOT))
BENCH_ENV := PROCNET_ENV=test \
	PROCNET_STATE_DIR=$(CURDIR)/.state/$(if $(filter 0,$(BENCH_SLOT)),bench,bench-$(BENCH_SLOT)) \
	PROCNET_KAFKA_PORT=$(call bench_port,62092) \
	PROCNET_KAFKA_CONTROLLER_PORT=$(call bench_port,62093) \
	PROCNET_PG_PORT=$(call bench_port,62432) PROCNET_REDIS_PORT=$(call bench_port,62379)

.PHONY: bench bench-down

bench: venv  ## benchmarks as ratios to baselines on the bench stack (see BENCHMARKS.md)
	$(BENCH_ENV) bash infra/up.sh
	$(BENCH_ENV) $(PY) -m shared.kafka.admin
	$(BENCH_ENV) $(PY) -m shared.db.migrate all
	$(BENCH_ENV) $(PY) -m tests.bench $(or $(BENCH_ARGS),--quick)

bench-down:  ## stop the benchmark stack
	$(BENCH_ENV) bash infra/down.sh

# Fault and load checks (tests/chaos) on a stack of their own (.state/chaos); `make test` skips them.
# CHAOS_SLOT=n shifts every port by 100*n and uses .state/chaos-n (two runs side by side).
CHAOS_SLOT ?= 0
chaos_port = $(call slot_port,$(1),$(CHAOS_SLOT))
CHAOS_ENV := PROCNET_ENV=test PROCNET_CHAOS_SLOT=$(CHAOS_SLOT) \
	PROCNET_STATE_DIR=$(CURDIR)/.state/$(if $(filter 0,$(CHAOS_SLOT)),chaos,chaos-$(CHAOS_SLOT)) \
	PROCNET_KAFKA_PORT=$(call chaos_port,64092) \
	PROCNET_KAFKA_CONTROLLER_PORT=$(call chaos_port,64093) \
	PROCNET_PG_PORT=$(call chaos_port,64432) PROCNET_REDIS_PORT=$(call chaos_port,64379) \
	PROCNET_CHAOS=1

.PHONY: chaos

chaos: venv  ## kill, pause and flush the real servers under load; print what held
	$(CHAOS_ENV) bash infra/up.sh
	$(CHAOS_ENV) $(PY) -m shared.kafka.admin
	$(CHAOS_ENV) $(PY) -m shared.db.migrate all
	$(CHAOS_ENV) $(PY) -m pytest -q -p no:cacheprovider tests/chaos $(CHAOS_ARGS); rc=$$?; \
	$(CHAOS_ENV) $(PY) -m tests.chaos.report; exit $$rc

chaos-down:  ## stop the chaos stack
	$(CHAOS_ENV) bash infra/down.sh
