"""All the wording of the pack's drafted sentences lives in this package.

``phrases`` holds the shared words (numbers, months, changes); each section's sentence builders
live in a module of their own here (``narrative.contacts``, ...), built from ``phrases``.
"""

from boardpack.narrative.phrases import (  # noqa: F401
    change_pct,
    change_phrase,
    fmt_number,
    fmt_pct,
    is_blank,
    join_words,
    month_name,
    plural,
    points_phrase,
)
