# Two commands do all the set-up on a fresh machine:
#   make run   - install, the system libraries the window needs, a model if one can be had, the sample article
#   make test  - install with the test extras and the test tools, then run the whole suite headless

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SAMPLE := resources/samples/xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt
LOG    := $(VENV)/install.log
# Debian/Ubuntu packages the tests use: PDF read-back (poppler), a real X server for the window test.
TEST_PACKAGES := poppler-utils xvfb xauth xdotool

.PHONY: run test test-tools window-libraries install clean tiny-model ner-model fixtures corpus bench

# pip's own chatter goes to $(LOG); on failure its end is shown.
$(VENV)/.installed: pyproject.toml
	@echo "reader: creating $(VENV) with $$($(PYTHON) --version)…"
	@$(PYTHON) -m venv $(VENV)
	@echo "reader: installing PyTorch (CPU build; a minute or two)…"
	@# The CPU build of torch; a looser pin would pull a multi-GB CUDA build here.
	@$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0 > $(LOG) 2>&1 || \
	  { tail -20 $(LOG); echo "reader: installing PyTorch failed (the whole log: $(LOG))"; exit 1; }
	@echo "reader: installing reader and its libraries (Qt, transformers, CTranslate2, …)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,fast]' >> $(LOG) 2>&1 || \
	  { tail -20 $(LOG); echo "reader: installing reader failed (the whole log: $(LOG))"; exit 1; }
	@touch $@
	@echo "reader: installed."

install: $(VENV)/.installed

# The X11 libraries Qt's window needs: installed when root with apt, else the exact apt-get line, and stop.
window-libraries: install
	@$(PY) -m reader.gui.system --install

run: install window-libraries
	@$(PY) -m reader models ensure || true
	$(PY) -m reader $(SAMPLE)

test-tools: install
	@missing=""; for tool in pdftotext Xvfb xdotool; do command -v $$tool >/dev/null 2>&1 || missing=yes; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "reader: installing the test tools ($(TEST_PACKAGES))…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_PACKAGES)) >/dev/null 2>&1 || \
	      echo "reader: the test tools could not be installed: the tests that need them will say so and be skipped"; \
	  else echo "reader: $(TEST_PACKAGES) are not installed: the tests that need them will say so and be skipped"; fi; \
	fi
	@$(PY) -m reader.gui.system --install >/dev/null 2>&1 || \
	  echo "reader: Qt's X11 libraries are missing: the real-window test will say so and be skipped"

test: install test-tools
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: install
	$(PY) benchmarks/translate_speed.py
	$(PY) benchmarks/gui_startup.py
	$(PY) benchmarks/export_speed.py
	$(PY) benchmarks/large_document.py
	$(PY) benchmarks/names_speed.py
	$(PY) benchmarks/glossary_adherence.py
	$(PY) benchmarks/quality_flags.py
	$(PY) benchmarks/documents.py benchmarks/corpus

# Regenerate committed fixtures (needs pandoc, LibreOffice and XeLaTeX for the documents).
tiny-model: install
	$(PY) tests/fixtures/tiny_marian/make_tiny_model.py

ner-model: install
	$(PY) tools/train_ner.py

fixtures: install
	$(PY) tests/fixtures/documents/make_fixtures.py

corpus: install
	$(PY) tools/make_documents_corpus.py

clean:
	rm -rf $(VENV) .pytest_cache
