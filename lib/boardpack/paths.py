"""Where boardpack reads what it ships and where it writes what it makes.

What the package ships is read with :mod:`importlib.resources`, so it is found the same way in an
editable install of the source tree and in a wheel installed anywhere:

* ``NOTEBOOKS_DIR``: the section notebooks, ``boardpack/resources/notebooks/``;
* ``DEFAULT_PARAMS``: the parameters with the catalogue's defaults, ``boardpack/resources/defaults.yaml``;
* ``PACKAGE_DATA_DIR``: the DfE benchmark tables, ``boardpack/board/data/``.

In the source tree ``resources/notebooks`` and ``resources/defaults.yaml`` are relative symbolic
links to the top-level ``notebooks/`` and ``params/defaults.yaml``, the files analysts edit; a wheel
holds copies of them (setuptools follows the links when it builds). Why: docs/architecture.md,
"Package data". A git checkout without symbolic links (Windows without ``core.symlinks``) leaves
each link as a small text file holding its target; :func:`resource` follows that too.

What a council writes lives in its **workspace**: ``$BOARDPACK_HOME`` when set, else the nearest
folder at or above the current one that holds a ``params/`` folder (the project root anywhere in a
source checkout, as git finds ``.git``), else the current folder:

* ``COMMENTARY_DIR``: ``<workspace>/params/commentary`` (analysts' commentary, one folder per month);
* ``OUTPUTS_DIR``: ``<workspace>/outputs``;
* ``DEMO_DATA_DIR``: ``$BOARDPACK_HOME/data/demo``; else ``<workspace>/data/demo`` when a folder with
  ``params/`` was found; else the user's cache folder (``platformdirs``, e.g. ``~/.cache/boardpack/demo``),
  never inside the installed package.

The workspace is found when this module is first imported; the batch runner passes the section
notebooks every folder they need, so a kernel started in a staging folder needs none of this.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

HOME_VARIABLE = "BOARDPACK_HOME"


def resource(name: str) -> Path:
    """A file or folder the package ships (``name`` relative to ``boardpack/resources/``)."""
    return follow_link_file(Path(str(files("boardpack") / "resources" / name)))


def follow_link_file(path: Path) -> Path:
    """``path`` resolved; a symbolic link that git checked out as a small text file holding its
    relative target (``../../../notebooks``) is followed to that target when it exists."""
    if path.is_file() and not path.is_symlink() and path.stat().st_size < 200:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        target = (path.parent / text).resolve() if text.startswith("..") and "\n" not in text else None
        if target is not None and target.exists():
            return target
    return path.resolve()


def find_workspace(start: Path | None = None, environ=None) -> tuple[Path, bool]:
    """``(folder, found)``: the council's workspace, and whether it was set or found (not a fallback).

    >>> folder, found = find_workspace(Path("/"), environ={"BOARDPACK_HOME": "/srv/council"})
    >>> folder.name, found
    ('council', True)
    """
    environ = os.environ if environ is None else environ
    if environ.get(HOME_VARIABLE):
        return Path(environ[HOME_VARIABLE]).expanduser().resolve(), True
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "params").is_dir():
            return folder, True
    return start, False


def demo_dir(workspace: Path, found: bool) -> Path:
    """Where the demo council's extract is written (see the module docstring)."""
    if found:
        return workspace / "data" / "demo"
    import platformdirs

    return platformdirs.user_cache_path("boardpack") / "demo"


NOTEBOOKS_DIR = resource("notebooks")
DEFAULT_PARAMS = resource("defaults.yaml")
PACKAGE_DATA_DIR = Path(str(files("boardpack") / "board" / "data"))

WORKSPACE, _FOUND = find_workspace()
PARAMS_DIR = WORKSPACE / "params"
DEMO_PARAMS = resource("demo.yaml")  # laid over the defaults only when the data are the bundled demo
COMMENTARY_DIR = PARAMS_DIR / "commentary"
OUTPUTS_DIR = WORKSPACE / "outputs"
DEMO_DATA_DIR = demo_dir(WORKSPACE, _FOUND)
