#!/bin/sh
# Run every audit case: answers NAME.yaml with evidence NAME.json, output in out/NAME.txt (and .json).
cd "$(dirname "$0")"
for answers in [0-9]*.yaml; do
  name=${answers%.yaml}
  ../../../.venv/bin/tunewise recommend --answers "$answers" --evidence "$name.json" --no-save --today 2026-11-30 > "out/$name.txt" 2>&1
  echo "exit status $?" >> "out/$name.txt"
  ../../../.venv/bin/tunewise recommend --answers "$answers" --evidence "$name.json" --no-save --today 2026-11-30 --json > "out/$name.json" 2>/dev/null
done
