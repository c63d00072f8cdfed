"""The package's layout is its architecture: each layer imports only from the layers below it, and no
module imports itself back through others (no circle, counting imports inside functions too)."""

import ast
from pathlib import Path

import boardpack

PACKAGE = Path(boardpack.__file__).parent
# Lowest first. The package's own root modules (calendar, paths, params) are the ground floor.
LAYERS = ["", "sources", "indicators", "board", "narrative", "document", "run"]
LONG_MODULE_LINES = 400


def module_name(path: Path) -> str:
    parts = ["boardpack", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The boardpack modules a file imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("boardpack")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("boardpack"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return {name for name in found if name in known}


def layer(module: str) -> int:
    parts = module.split(".")
    if module == "boardpack.__main__":
        return len(LAYERS)
    return LAYERS.index(parts[1]) if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else 0


def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imports_of(path, known) - {name} for name, path in modules().items()}


def test_every_module_is_in_a_layer():
    for name in modules():
        parts = name.split(".")
        assert len(parts) <= 2 or parts[1] in LAYERS, f"{name} is not in one of the layers {LAYERS[1:]}"


def test_imports_go_downward_only():
    upward = [
        f"{a} (layer {LAYERS[layer(a)] or 'root'}) imports {b} (layer {LAYERS[layer(b)]})"
        for a, targets in graph().items()
        for b in targets
        if layer(b) > layer(a) and b != "boardpack"
    ]
    assert not upward, "\n".join(upward)


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circles():
    edges = {a: {b for b in targets if b != "boardpack"} for a, targets in graph().items()}
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges))


def test_long_modules_say_why():
    """A module over about 400 lines says in its docstring why it stays whole ("Long because ...")."""
    long = [
        name
        for name, path in modules().items()
        if len(path.read_text(encoding="utf-8").splitlines()) > LONG_MODULE_LINES
        and "Long because" not in (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "")
    ]
    assert not long, f"over {LONG_MODULE_LINES} lines without a reason in the docstring: {long}"


def test_architecture_map_names_every_module():
    text = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        name
        for name, path in modules().items()
        if path.name not in ("__init__.py", "__main__.py") and path.name not in text
    ]
    assert not missing, f"docs/architecture.md does not place: {missing}"
