# papergraph: two set-up commands.
#   make run   - virtual environment, install, build the graph of the bundled corpus into out/
#   make test  - install with test extras, start a local Neo4j, run the whole test suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: run test install install-dev neo4j-start neo4j-stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q .

install-dev: $(BIN)/python
	$(BIN)/pip install -q ".[dev]"

run: install
	$(BIN)/kg build --out $(OUT)
	@echo "Open $(OUT)/views/index.html in a browser; graph: $(OUT)/graph.json, RDF: $(OUT)/graph.ttl"

test: install-dev
	scripts/install-browser.sh
	scripts/test-env.sh $(BIN)/python -m pytest -p no:cacheprovider

clean:
	rm -rf $(OUT) build dist *.egg-info
