"""``boardpack sections``: each section with the indicator ids it heads with and the tables they need.

Derived, never kept by hand: a section's indicator ids are its headlines
(:data:`boardpack.board.headlines.SECTION_HEADLINES`; the Summary's are ``SUMMARY_HEADLINES``); the
domain module that computes an id is the registered domain (:data:`boardpack.indicators.registry.DOMAINS`)
whose ``indicators`` function writes it (the string first argument of a call it, or a function of
its module it calls, makes); the tables are those that domain's code names, the ones in its ``REQUIRES``
marked *required* (without them the domain reports nothing; without another, only the ids that
read it go blank). Names are read from the modules' source (string constants outside docstrings),
so a new id or table in a domain module shows here with no second list to update.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass

from boardpack.board.headlines import SECTION_HEADLINES, SUMMARY_HEADLINES
from boardpack.indicators.registry import domain_modules
from boardpack.sources.tables import TABLES


def _strings(tree) -> set[str]:
    """The string constants in a tree's code, docstrings left out."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    }


def _produced(tree) -> set[str]:
    """The ids a domain writes: the string first arguments of the calls made by its ``indicators``
    function and by the module's functions it reaches (its section helpers, which read ids with
    ``s.series(...)``, are not reached)."""
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    seen, todo, ids = set(), ["indicators"], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        for node in ast.walk(functions[name]):
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name):
                    todo.append(node.func.id)
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    ids.add(first.value)
    return ids


def _indicator_helpers(tree) -> set[str]:
    """The modules of the indicators layer a domain module imports from (population, source groups...)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("boardpack.indicators."):
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module == "boardpack.indicators":
            found |= {f"boardpack.indicators.{alias.name}" for alias in node.names}
    return found


@dataclass(frozen=True)
class Domain:
    """One registered indicator domain: the names its code holds."""

    name: str
    names: frozenset[str]  # every string its code holds (the tables it reads among them)
    produced: frozenset[str]  # the indicator ids (and other first arguments) its indicators() writes
    requires: tuple[str, ...]

    @property
    def tables(self) -> list[str]:
        """The contract's tables the domain reads, in the contract's order."""
        return [t for t in TABLES if t in self.names]


def domains() -> list[Domain]:
    found = []
    for module in domain_modules():
        tree = ast.parse(inspect.getsource(module))
        names = _strings(tree)
        for helper in _indicator_helpers(tree):  # e.g. population.py names ext_population
            names |= _strings(ast.parse(inspect.getsource(importlib.import_module(helper))))
        name = module.__name__.rsplit(".", 1)[-1]
        found.append(Domain(name, frozenset(names), frozenset(_produced(tree)), tuple(module.REQUIRES)))
    return found


@dataclass
class SectionNeeds:
    """What one section shows and what it reads."""

    id: str
    indicators: list[str]
    domains: list[str]
    required: list[str]
    read: list[str]


def section_ids() -> list[str]:
    from boardpack.run.runner import SECTIONS

    return list(SECTIONS)


def section_needs() -> list[SectionNeeds]:
    """Every section in report order with its headline ids, their domains and tables."""
    known = domains()
    summary = [indicator for _, indicator, _ in SUMMARY_HEADLINES]
    result = []
    for section in section_ids():
        ids = summary if section == "summary" else [i for i, _, _ in SECTION_HEADLINES.get(section, [])]
        ids = list(dict.fromkeys(ids))
        used = [d for d in known if any(i in d.produced for i in ids)]
        required = list(dict.fromkeys(t for d in used for t in d.requires))
        read = [t for t in TABLES if t not in required and any(t in d.tables for d in used)]
        result.append(SectionNeeds(section, ids, [d.name for d in used], required, read))
    return result


def describe(needs: list[SectionNeeds]) -> str:
    """The listing ``boardpack sections`` prints."""
    lines = []
    for item in needs:
        lines.append(item.id)
        lines.append(f"  indicators: {', '.join(item.indicators) or '(none: no figures of its own)'}")
        tables = [f"{t} (required)" for t in item.required] + item.read
        lines.append(f"  tables:     {', '.join(tables) or '(none)'}")
    return "\n".join(lines)
