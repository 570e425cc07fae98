# The quick start is `make demo` and `make test`; both install what they need themselves.
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PYTEST_ARGS ?=

.PHONY: demo test lint format bench messages env

# No uv on PATH: fetch the pinned one from PyPI with the standard library alone.
.tools/bin/uv:
	python3 scripts/bootstrap_uv.py $(UV_VERSION) .tools/bin/uv

env: $(filter .tools/bin/uv,$(UV))
	$(UV) sync --frozen --quiet

demo: env
	.venv/bin/samhandling demo

test: env
	.venv/bin/python -m pytest -n 2 --durations=15 $(PYTEST_ARGS)

lint: env
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: env
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# Each bounded context keeps its own translations (bokmål and nynorsk; the source is English).
# The compiled .mo files are committed: a fresh machine has no gettext tools.
messages: env
	for app in src/samhandling/*/locale; do \
	  (cd $$app/.. && $(CURDIR)/.venv/bin/django-admin makemessages -l nb -l nn --no-obsolete --no-location --ignore=tests && \
	   $(CURDIR)/.venv/bin/django-admin compilemessages) || exit 1; \
	done

bench: env
	.venv/bin/python -m bench.search
	.venv/bin/python -m bench.pathways
	.venv/bin/python -m bench.pages
