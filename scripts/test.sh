#!/usr/bin/env bash
# Install newsflow and its test dependencies into .venv, then run the whole test suite.
# This is the README's second quick-start command, and exactly what .ci/run runs.
# The optional argostranslate engine is installed too (constraints.txt keeps torch on its CPU build),
# so its tests run rather than skip.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,argos]'
exec .venv/bin/python -m pytest "$@"
