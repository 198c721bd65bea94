# Two commands do all the set-up on a fresh machine:
#   make run   - install, make sure a model is there (or say how to get one), open the sample article
#   make test  - install with the test extras and run the whole suite headless

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SAMPLE := resources/samples/xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt

.PHONY: run test test-tools install clean tiny-model ner-model fixtures bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# The CPU build of torch; a looser pin would pull a multi-GB CUDA build here.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test,fast]'
	touch $@

install: $(VENV)/.installed

run: install
	-$(PY) -m reader models ensure
	$(PY) -m reader $(SAMPLE)

# poppler-utils (pdftotext, pdffonts, pdfinfo) reads the exported PDFs back in the tests;
# where it cannot be installed, those tests say so and are skipped.
test-tools:
	@command -v pdftotext >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) ; } || \
	  echo "poppler-utils is not installed: the PDF read-back tests will be skipped"

test: install test-tools
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: install
	$(PY) benchmarks/translate_speed.py
	$(PY) benchmarks/gui_startup.py
	$(PY) benchmarks/export_speed.py
	$(PY) benchmarks/large_document.py
	$(PY) benchmarks/glossary_adherence.py

# Regenerate committed fixtures (needs pandoc and LibreOffice for the documents).
tiny-model: install
	$(PY) tests/fixtures/tiny_marian/make_tiny_model.py

ner-model: install
	$(PY) -m reader.core.glossary.train

fixtures: install
	$(PY) tests/fixtures/documents/make_fixtures.py

clean:
	rm -rf $(VENV) .pytest_cache
