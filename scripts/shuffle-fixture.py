#!/usr/bin/env python3
"""Writes tests/fixtures/manifest/shuffled from examples/northwind-bank: the same model
split over other files, with kinds, elements, keys, reference lists and measurement rows
in another order. Its manifests must equal those of the example, byte for byte.

    python3 scripts/shuffle-fixture.py   # from the repository root; needs PyYAML
"""
import glob
import random
import shutil
from pathlib import Path

import yaml

SOURCE = Path("examples/northwind-bank")
OUT = Path("tests/fixtures/manifest/shuffled")
# Lists whose order means nothing: references (reference lists are sets) and actuals
# (read in date order). Stage lists and lists of text keep their order.
UNORDERED = {
    "objectives", "kpis", "realizes", "suppliers", "capabilities", "processes", "roles",
    "systems", "information", "locations", "delivers", "depends_on", "provides",
    "personas", "about", "addresses", "touchpoints", "insights", "actuals",
}
FILES = ["parts/m.yaml", "parts/zeta.yml.yaml", "parts/deep/alpha.yaml"]

rng = random.Random(14)


def shuffled_map(d):
    items = list(d.items())
    rng.shuffle(items)
    return dict(items)


def shuffle(value, key=None):
    if isinstance(value, dict):
        return shuffled_map({k: shuffle(v, k if key is None or k not in ("current", "wave-1", "target") else key) for k, v in value.items()})
    if isinstance(value, list):
        items = [shuffle(v, key) for v in value]
        if key in UNORDERED:
            rng.shuffle(items)
        return items
    return value


def main():
    elements = []
    for path in sorted(glob.glob(str(SOURCE / "model" / "*.yaml"))):
        for kind, items in yaml.safe_load(open(path)).items():
            elements += [(kind, e) for e in items]
    rng.shuffle(elements)
    if OUT.exists():
        shutil.rmtree(OUT)
    files = {name: {} for name in FILES}
    for kind, element in elements:
        name = rng.choice(FILES)
        files[name].setdefault(kind, []).append(shuffle(element))
    for name, kinds in files.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w") as f:
            f.write("# Northwind, split and shuffled by scripts/shuffle-fixture.py.\n")
            yaml.safe_dump(shuffled_map(kinds), f, sort_keys=False, allow_unicode=True, width=100)
    project = yaml.safe_load(open(SOURCE / "tom.yaml"))
    project["include"] = ["parts/**/*.yaml"]
    project["measurements"] = ["data/**/*.csv"]
    with open(OUT / "tom.yaml", "w") as f:
        yaml.safe_dump(shuffled_map(project), f, sort_keys=False, allow_unicode=True, width=100)
    # Measurement rows in another order, spread over other files.
    header, rows = None, []
    for path in sorted(glob.glob(str(SOURCE / "measurements" / "*.csv"))):
        lines = open(path).read().splitlines()
        header = lines[0]
        rows += lines[1:]
    rng.shuffle(rows)
    (OUT / "data" / "q").mkdir(parents=True, exist_ok=True)
    half = len(rows) // 2
    for name, part in [("data/rows.csv", rows[:half]), ("data/q/more.csv", rows[half:])]:
        with open(OUT / name, "w", newline="") as f:
            f.write("\r\n".join([header] + part) + "\r\n")


main()
