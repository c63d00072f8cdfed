"""Run parameters: ``params/defaults.yaml`` with a council's YAML laid over it, key by key."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from boardpack.paths import DEFAULT_PARAMS


class ParamsError(ValueError):
    """A parameters file that cannot be read."""


# Mappings that a council's file replaces whole: its own source codes must not mix with ours.
REPLACED_WHOLE = {"contact_source_groups"}


def merge(base: dict, overlay: dict) -> dict:
    """Lay ``overlay`` over ``base`` key by key; nested mappings merge, other values replace.

    >>> merge({"a": 1, "t": {"x": 1, "y": 2}}, {"t": {"y": 3}, "b": 2})
    {'a': 1, 't': {'x': 1, 'y': 3}, 'b': 2}
    >>> merge({"contact_source_groups": {"Police": ["6"]}}, {"contact_source_groups": {"Pol": ["P"]}})
    {'contact_source_groups': {'Pol': ['P']}}
    """
    result = copy.deepcopy(base)
    for key, value in (overlay or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict) and key not in REPLACED_WHOLE:
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _read_yaml(path: Path) -> dict:
    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ParamsError(f"{path}: parameters file not found") from error
    except yaml.YAMLError as error:
        raise ParamsError(f"{path}: not valid YAML ({error})") from error
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ParamsError(f"{path}: parameters must be a mapping of keys to values")
    return content


def load_params(params_file: str | Path | None = None) -> dict:
    """The shipped defaults, with ``params_file`` (if any) laid over them.

    A council that maps its own source codes replaces the whole ``contact_source_groups`` map.
    """
    params = _read_yaml(DEFAULT_PARAMS)
    if params_file:
        params = merge(params, _read_yaml(Path(params_file)))
    return params
