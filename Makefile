# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint evaluate bench clean-outputs system system-test screenshots

# System programs some inputs need: LibreOffice (headless Writer) converts old Word .doc to DOCX,
# antiword reads them where LibreOffice is missing; Tesseract with its Vietnamese data OCRs
# scanned PDFs (the DejaVu font renders the OCR test's pages). Installed with apt-get where this
# runs as root on Debian/Ubuntu; elsewhere a note says what to install (the rest works).
HAVE_libreoffice-writer-nogui := command -v soffice
HAVE_antiword := command -v antiword
HAVE_tesseract-ocr := command -v tesseract
HAVE_tesseract-ocr-vie := tesseract --list-langs 2>/dev/null | grep -qx vie
HAVE_fonts-dejavu-core := test -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
HAVE_chromium := command -v chromium
HAVE_chromium-driver := command -v chromedriver
SYSTEM_PACKAGES := libreoffice-writer-nogui antiword tesseract-ocr tesseract-ocr-vie fonts-dejavu-core
# Only the tests need these: the workbench's pages are tested in a real headless browser.
TEST_PACKAGES := chromium chromium-driver

# $(call install_missing,PACKAGES,WHAT FOR): apt-get install the missing ones as root on
# Debian/Ubuntu, else say what to install.
define install_missing
	@missing=""; \
	$(foreach p,$(1),$(HAVE_$(p)) >/dev/null 2>&1 || missing="$$missing $(p)";) \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null)) \
		&& echo "installed:$$missing"; \
	else echo "note: install$$missing (e.g. sudo apt-get install$$missing) $(2)"; fi
endef

system:
	$(call install_missing,$(SYSTEM_PACKAGES),to read old .doc files and scanned PDFs)

system-test:
	$(call install_missing,$(TEST_PACKAGES),for the browser tests of the workbench)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: system $(STAMP)
	$(PY) -m pipeline run corpora/samples --db outputs/directives.db --exports outputs/exports

test: system system-test $(STAMP)
	$(PY) -m ruff check pipeline tests benchmarks corpora docs
	$(PY) -m mypy
	$(PY) -m pytest -q

evaluate: $(STAMP)
	$(PY) -m pipeline evaluate

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean-outputs:
	rm -rf outputs/directives.db outputs/exports

screenshots: system-test $(STAMP)
	$(PY) docs/screenshots.py
