# Two commands for users: `make report` and `make test`. Both create (or reuse) .venv by themselves.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install test report demo lock clean data-readme bench forms report-notebook wheel-check screenshots

$(STAMP): pyproject.toml .ci/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tdkt-eval needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c .ci/constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(VENV)/bin/ruff check tdkt_eval tests benchmarks .ci
	MPLBACKEND=Agg OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m pytest --nbval --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider -n auto --dist loadfile

# The demo report: `make report` (Vietnamese, reports/demo) or `make report REPORT_LANG=en` (reports/demo-en).
REPORT_LANG ?= vi
REPORT_OUT  ?= reports/demo$(if $(filter en,$(REPORT_LANG)),-en,)
report: $(STAMP)
	$(VENV)/bin/tdkt-eval report data/demo --out $(REPORT_OUT) --lang $(REPORT_LANG)

# Speed and memory against peers (pingouin, R); not part of `make test`.
bench: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c .ci/constraints.txt -e ".[bench]"
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# The survey forms: the shipped copies (tdkt_eval/forms/) and the user-facing ones with codebooks (surveys/).
forms: $(STAMP)
	$(PY) -m tdkt_eval.forms.build tdkt_eval/forms surveys

# The council app's pictures in the user guides (docs/img/app-*.png), taken by its browser test.
screenshots: $(STAMP)
	TDKT_SCREENSHOTS=docs/img $(PY) -m pytest -q -p no:cacheprovider tests/test_app_browser.py

# The report notebook the package ships: notebook 06's cells without outputs (run after editing notebook 06).
report-notebook: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --to notebook --ClearOutputPreprocessor.enabled=True --log-level=WARN \
	  --output-dir tdkt_eval/reporting/notebooks --output campaign_report notebooks/06_campaign_report.ipynb

# Build the wheel, install it in a fresh venv outside the checkout, and use it from there (also run by CI).
wheel-check:
	bash .ci/wheel_check.sh

demo: $(STAMP)
	$(PY) -m tdkt_eval.synth --out data/demo --seed 2024

# Re-resolve the pinned versions (needs the package registry).
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -e ".[test,spss,bench]"
	{ echo "# Pinned versions for reproducible installs (pip install -c .ci/constraints.txt)."; \
	  echo "# Regenerate: make lock"; \
	  .lockvenv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > .ci/constraints.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) reports .pytest_cache

# Regenerate the contract tables in data/README.md from tdkt_eval/io/contracts.py.
data-readme: $(STAMP)
	$(PY) -c "from tdkt_eval.io.contracts import write_data_readme; write_data_readme('data/README.md')"
