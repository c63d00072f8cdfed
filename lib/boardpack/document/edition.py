"""Which edition a section notebook is drawing: the full one, or the public one.

:func:`boardpack.document.section.open_section` sets it from the run's parameters (``edition:
public`` and ``suppression_threshold``, laid in by ``boardpack run --publish``); ``display`` and
``charts`` read it, so that the public notebooks are the same notebooks as the full ones.
"""

from __future__ import annotations

_STATE: dict = {"threshold": None}


def set_from_params(params: dict) -> None:
    """Public when ``params["edition"] == "public"`` (threshold ``suppression_threshold``, default 5)."""
    from boardpack.board.suppression import threshold_from

    public = (params or {}).get("edition") == "public"
    _STATE["threshold"] = threshold_from(params) if public else None


def public_threshold() -> int | None:
    """The suppression threshold when drawing the public edition, else None."""
    return _STATE["threshold"]
