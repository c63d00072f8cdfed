"""Write docs/assumptions.md: every "Reading" (a definition chosen where the catalogue, the data
contract or DfE's practice leaves a choice) gathered from the docstrings that state it.

    .venv/bin/python scripts/gather_assumptions.py          # rewrite docs/assumptions.md
    .venv/bin/python scripts/gather_assumptions.py --check  # exit 1 when it is out of date

The docstrings stay the one place a reading is written (beside the code that applies it); this page
is generated from them so it never says something the code does not. A reading is a docstring
paragraph that starts with "Reading" (``Readings made here ...:``, ``Readings: ...``), with the
bullet paragraphs (``* ...``) that follow it. tests/test_assumptions.py checks the page is current.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lib" / "boardpack"
TARGET = ROOT / "docs" / "assumptions.md"
LAYERS = ["", "sources", "indicators", "board", "narrative", "document", "run"]
TITLES = {
    "": "Dates, parameters, folders",
    "sources": "Reading the extract (sources/)",
    "indicators": "The catalogue's figures (indicators/)",
    "board": "The board's view (board/)",
    "narrative": "Sentences (narrative/)",
    "document": "The document (document/)",
    "run": "The run (run/)",
}

HEADER = """# Assumptions: the readings boardpack makes

Where the indicator catalogue (`../shared/spec/indicators.md`), the data contract
(`../shared/spec/data-contract.md`) or DfE practice leaves a choice, boardpack makes one and writes
it in the docstring of the code that applies it. This page gathers them, module by module in layer
order. **It is generated** by `scripts/gather_assumptions.py` from those docstrings (do not edit it
by hand: change the docstring and rerun the script; `make test` fails when the page is stale).

A reading that changes a figure is a change of definition: it changes the golden back-test
(`tests/backtests/`) and is named under "Changed figures" in CHANGELOG.md.
"""


def markdown(text: str) -> str:
    """reStructuredText roles and literals as Markdown."""
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def paragraphs(docstring: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n\s*\n", docstring) if p.strip()]


def readings(docstring: str) -> list[str]:
    """The reading paragraphs of one docstring, with their bullets."""
    found, taking = [], False
    for paragraph in paragraphs(docstring):
        if paragraph.lstrip().startswith("Reading"):
            found.append(paragraph)
            taking = True
        elif taking and paragraph.lstrip().startswith("* "):
            found.append(paragraph)
        else:
            taking = False
    return found


def module_name(path: Path) -> str:
    parts = ["boardpack", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def gather() -> dict[str, list[tuple[str, str, list[str]]]]:
    """Layer -> [(module, where in it, reading paragraphs)], in layer and file order."""
    by_layer: dict[str, list] = {name: [] for name in LAYERS}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [tree] + [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        for node in nodes:
            docstring = ast.get_docstring(node) or ""
            found = readings(docstring)
            if found:
                where = "" if node is tree else f"{node.name}()" if isinstance(node, ast.FunctionDef) else node.name
                by_layer[layer(path)].append((module_name(path), where, found))
    return by_layer


def render() -> str:
    lines = [HEADER]
    for name, entries in gather().items():
        if not entries:
            continue
        lines.append(f"## {TITLES[name]}\n")
        for module, where, found in entries:
            path = module.replace(".", "/")
            source = f"lib/{path}.py" if not module.endswith("__init__") else f"lib/{path}"
            lines.append(f"### `{module}`{f' — `{where}`' if where else ''}\n")
            lines.append(f"From the docstring of `{source}`.\n")
            lines.extend(markdown(p) + "\n" for p in found)
    return "\n".join(lines).rstrip() + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/assumptions.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run scripts/gather_assumptions.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(TARGET.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
