"""The run's further editions, once the full HTML is written: the PDF, and with ``--publish`` the
public edition (docs/pdf-and-public-edition.md).

The public edition is the same section notebooks run again on a *public context*: the run's
context with :func:`boardpack.board.suppression.suppress_with_pieces` applied once, at source, to
the indicator frame and the figures sections compute from the records, and the parameter
``edition: public`` laid in (which ``display`` and ``charts`` read: sentences that
would quote a suppressed figure left out, counts of 1 to the threshold shown as ``c``, commentary
only where marked public). It is written beside the full edition: ``board-report-public.html``,
``board-report-public.pdf``, ``indicators-public.csv`` and its notebooks in ``sections-public/``.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from pathlib import Path

from boardpack.run import outputs


def public_context(context):
    """The run's context as the public edition sees it (``edition: public``): the indicator frame
    and the figures sections compute from the records (``DERIVED``) suppressed at source, together
    (:func:`boardpack.board.suppression.suppress_with_pieces`), before any kernel sees them."""
    from boardpack.board.suppression import suppress_with_pieces, threshold_from
    from boardpack.document.section import DERIVED

    params = copy.deepcopy(context.params)
    params["edition"] = "public"
    threshold = threshold_from(params)
    pieces = {name: context.piece(name) for name in DERIVED}
    indicators, pieces = suppress_with_pieces(context.indicators, pieces, context.month, threshold)
    loaded = {**context.loaded, **pieces}  # a copy: the full edition's pieces stay as they were
    # no comparison worked out on the full edition's figures carries over (summary.section_compare)
    return dataclasses.replace(context, params=params, indicators=indicators, loaded=loaded, comparisons={})


def write_editions(staging, html: str, context, jobs_list, publish: bool, run_sections, submit=None) -> dict:
    """Write the PDF (and, with ``publish``, the public edition) into ``staging``; their timings and
    page counts for run.json. ``run_sections(jobs_list)`` runs section jobs on the run's kept kernels;
    ``submit`` hands part of each PDF's layout to the run's worker (``run/worker.py``).
    A public section that fails raises (the run then fails whole)."""
    from boardpack.document import export, pdf

    la_name, month = context.params.get("la_name", ""), context.month
    timings = {}
    t0 = time.monotonic()
    document, pages = pdf.build_pdf(html, la_name, month, submit)
    staging.write_pdf(document)
    timings.update(pdf_seconds=round(time.monotonic() - t0, 3), pdf_pages=pages)
    if not publish:
        return timings

    t0 = time.monotonic()
    public = public_context(context)
    staging.write_public_indicators(public.indicators)
    staging.write_public_context(public)
    run_dir = staging.path / outputs.PUBLIC_CONTEXT_DIR
    folder = staging.path / outputs.PUBLIC_SECTIONS_DIR
    folder.mkdir(exist_ok=True)
    public_jobs = []
    for section_id, notebook, output, parameters in jobs_list:
        public_jobs.append((section_id, notebook, folder / Path(output).name, {**parameters, "run_dir": str(run_dir)}))
    results = run_sections(public_jobs)
    failed = [r for r in results if r.status != "ok"]
    if failed:
        raise RuntimeError("public edition: " + "; ".join(r.describe() for r in failed))
    title = export.report_title(la_name, month) + " (public edition)"
    merged, _ = export.merge_notebooks([(r.id, Path(r.notebook)) for r in results], title)
    public_html = export.export_html(merged, title)
    staging.write_html(public_html, outputs.PUBLIC_HTML_FILE)
    timings["public_sections_seconds"] = round(time.monotonic() - t0, 3)
    t0 = time.monotonic()
    document, pages = pdf.build_pdf(public_html, la_name, month, submit)
    staging.write_pdf(document, outputs.PUBLIC_PDF_FILE)
    timings.update(public_pdf_seconds=round(time.monotonic() - t0, 3), public_pdf_pages=pages)
    return timings
