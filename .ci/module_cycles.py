"""Fails when the top-level modules of a crate depend on each other in a cycle.

A module depends on another when its code (tests left out) names `crate::<other>`. Usage:
python3 .ci/module_cycles.py CRATE_SRC... (each a crate's `src` folder).
"""

import os
import re
import sys


def graph(src):
    """Top-level module -> the top-level modules it names."""
    deps = {}
    for folder, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(folder, name)
            top = os.path.relpath(path, src).split(os.sep)[0].removesuffix(".rs")
            if top in ("lib", "main"):
                continue
            deps.setdefault(top, set())
            text = open(path, encoding="utf-8").read()
            if name in ("tests.rs", "props.rs"):
                continue
            text = text.split("#[cfg(test)]")[0]
            for found in re.finditer(r"crate::(\w+)", text):
                if found.group(1) != top:
                    deps[top].add(found.group(1))
    return {m: {d for d in ds if d in deps} for m, ds in deps.items()}


def cycles(deps):
    found = set()

    def walk(module, path):
        for dep in sorted(deps.get(module, ())):
            if dep in path:
                found.add(" -> ".join(path[path.index(dep):] + [dep]))
            else:
                walk(dep, path + [dep])

    for module in sorted(deps):
        walk(module, [module])
    return sorted(found)


def main():
    bad = []
    for src in sys.argv[1:]:
        for cycle in cycles(graph(src)):
            bad.append(f"{src}: {cycle}")
    if bad:
        print("modules depending on each other in a cycle:")
        print("\n".join(f"  {line}" for line in bad))
        sys.exit(1)
    print(f"no cycles among the modules of {len(sys.argv) - 1} crates")


main()
