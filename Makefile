# Two entry points: `make run` (set up, index, open the chat UI) and `make test` (set up, run all tests).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run index test lint eval eval-general eval-open retrieval cmrc bench browser clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, from the local CPU build, then everything else under the same constraint
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[st,dev]'
	touch $(STAMP)

# Debian's Chromium for the UI test (Playwright drives it; no browser download), and a CJK font so
# screenshots show Chinese instead of empty boxes
BROWSER_PKGS := chromium chromium-driver fonts-wqy-microhei
browser:
	@dpkg -s $(BROWSER_PKGS) >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null)

index: setup
	$(BIN)/python -m assistant index

run: setup index
	$(BIN)/python app.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy assistant index eval app.py

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/mypy assistant index eval app.py
	$(BIN)/python -m pytest -q -ra
	$(BIN)/python -m assistant index
	$(BIN)/python -m eval

# index first: an existing store is brought up to date (a no-op when nothing changed)
eval: setup index
	$(BIN)/python -m eval

# the general set of real documents: each indexed alone into storage/general/<doc>/ (reused when unchanged)
eval-general: setup
	$(BIN)/python -m eval --set general

# the open questions of issue 9 (summaries, lists, who/what, yes/no, chit-chat, declines): report only
eval-open: setup index
	$(BIN)/python -m eval --set open

retrieval: setup index
	$(BIN)/python -m eval retrieval

cmrc: setup
	$(BIN)/python -m eval cmrc ../shared/benchmarks/cmrc2018/cmrc2018_trial.json

bench: setup
	$(BIN)/python -m assistant.bench

clean:
	rm -rf storage .pytest_cache .mypy_cache
