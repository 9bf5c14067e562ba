#!/bin/bash
# The accessibility determinism loop (docs/gates.md "Deterministic browser checks").
# usage: scripts/determinism-loop.sh N [full]
# Plants one low-contrast paragraph in build/site/about/index.html (run `hrosite build` first,
# and again afterwards), keeps both cores busy with two loops, runs `hrosite check --quick`
# (or a full check) N times and prints, per run, how many errors name the planted text and how
# many errors there are besides. A correct run: planted 4, other 0.
set -u
N=${1:?how many runs}; MODE=${2:-quick}
cd "$(dirname "$0")/.."
.venv/bin/python - <<'PY'
from pathlib import Path
page = Path("build/site/about/index.html"); html = page.read_text(encoding="utf-8")
plant = '<p class="hro-planted" style="color:#aaa;background:#fff">淺灰色的測試文字</p>'
if plant not in html:
    end = html.index("</h1>", html.index("<h1")) + 5
    page.write_text(html[:end] + plant + html[end:], encoding="utf-8")
PY
python3 -c 'while 1: pass' & BUSY1=$!
python3 -c 'while 1: pass' & BUSY2=$!
trap 'kill $BUSY1 $BUSY2' EXIT
ARGS=(); [ "$MODE" = full ] || ARGS=(--quick)
for i in $(seq 1 "$N"); do
  start=$(date +%s)
  out=$(.venv/bin/hrosite check "${ARGS[@]}" 2>&1)
  errors=$(grep -E '^\S+:' <<<"$out" | grep -v '警告')
  planted=$(grep -c '淺灰色的測試文字' <<<"$errors")
  echo "run $i: $(( $(date +%s) - start )) s, planted $planted, other $(( $(grep -c . <<<"$errors") - planted ))"
done
