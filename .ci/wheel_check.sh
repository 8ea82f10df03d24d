#!/usr/bin/env bash
# The wheel check (issue 15): build the wheel, install it with the pinned versions in a fresh venv in a
# folder outside the checkout, and use it from there as a pip user would: `tdkt-eval demo`, `validate`,
# `report`, and one API call per family (.ci/wheel_api.py). Nothing is read from the checkout but the wheel.
#   bash .ci/wheel_check.sh        (or `make wheel-check`; PYTHON=/path/to/python3.11 to choose the interpreter)
# The wheel is built from the work tree's tracked and unignored files; WHEEL_FROM=HEAD builds it from the last
# commit instead (a shared checkout where someone else's edit is half done).
# Needs the package registry the first time; about 1-2 min once pip's cache holds the pinned wheels.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
work=$(mktemp -d "${TMPDIR:-/tmp}/tdkt-wheel-XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
step() { echo "wheel check [$(( $(date +%s) - start )) s] $*"; }
pip=(-m pip --disable-pip-version-check --quiet)
quiet_pip() {  # drop pip's notes about configured package folders that this machine lacks
    "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

mkdir "$work/src"
if [ "${WHEEL_FROM:-}" = HEAD ]; then
    step "exporting $(git -C "$root" rev-parse --short HEAD) to $work/src"
    git -C "$root" archive HEAD | tar -C "$work/src" -xf -
else
    step "copying the work tree's tracked and unignored files to $work/src"
    git -C "$root" ls-files -z --cached --others --exclude-standard |
        tar -C "$root" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$work/src" -xf -
fi

step "building the wheel"
"$PYTHON" -m venv "$work/venv"
venv="$work/venv/bin"
quiet_pip "$venv/python" "${pip[@]}" wheel --no-deps -w "$work/dist" "$work/src"
wheel=$(ls "$work"/dist/tdkt_eval-*.whl)

step "installing $(basename "$wheel") with .ci/constraints.txt"
quiet_pip "$venv/python" "${pip[@]}" install -c "$root/.ci/constraints.txt" "$wheel"

step "running it from $work/run"
mkdir "$work/run" && cd "$work/run"
export MPLBACKEND=Agg JUPYTER_PLATFORM_DIRS=1 JUPYTER_DATA_DIR="$work/jupyter" PYTHONNOUSERSITE=1
"$venv/tdkt-eval" --version
"$venv/tdkt-eval" demo demo
"$venv/tdkt-eval" validate demo --problems problems.xlsx
"$venv/tdkt-eval" report demo --out report --lang en
test -s report/report.html
"$venv/tdkt-eval" instruments validate
"$venv/python" "$work/src/.ci/wheel_api.py" demo
"$venv/python" - <<'EOF'
# the council app starts from the installed package and serves its page (tests/test_app_browser.py drives it)
import urllib.request
from tdkt_eval.app import server
app = server.start(lang="vi")
try:
    with urllib.request.urlopen(app.url, timeout=60) as page:
        assert page.status == 200 and b"kernelId" in page.read()
finally:
    app.stop()
assert not app.root.exists()
print("app served at", app.url.split("?")[0])
EOF
step "passed"
