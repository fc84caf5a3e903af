#!/usr/bin/env bash
# Install newsflow and its test dependencies into .venv, run the static checks (scripts/check --static),
# then the whole test suite under coverage with its floor (scripts/check --coverage).
# This is the README's second quick-start command, and exactly what .ci/run runs.
# - The optional argostranslate engine is installed too (constraints.txt keeps torch on its CPU
#   build), so its tests run rather than skip.
# - The browser test drives Debian's chromium with its chromedriver: installed here where missing.
set -euo pipefail
cd "$(dirname "$0")/.."
unset PYTHONDONTWRITEBYTECODE  # compiled modules are kept between processes (see scripts/check)
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "Installing Debian's chromium and chromium-driver for the browser test..." >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    for attempt in 1 2; do  # a registry hiccup should not fail the whole run: one more try
        if $SUDO apt-get update -qq && \
           DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; then
            break
        fi
        [ "$attempt" -eq 2 ] && exit 1
        sleep 10
    done
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,argos]'
# The search lexicon (simplemma's dictionaries on disk), built once per machine rather than inside a test.
.venv/bin/python -m newsflow.lexicon
# Lint, format and types first (seconds): any finding fails the run before the tests start.
bash scripts/check --static
if [ "$#" -eq 0 ]; then
    # The whole suite, once, under coverage; fails under the floor set in scripts/check.
    exec bash scripts/check --coverage
fi
# A chosen part of the suite (arguments for pytest): coverage of a part says nothing, so plain pytest.
exec .venv/bin/python -m pytest "$@"
