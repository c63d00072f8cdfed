"""Builds the tiny test notebooks in tests/data/notebooks/ (run once; committed without outputs)."""

from pathlib import Path

import nbformat

HEAD = 'SECTION = "{id}"\nTITLE = "{title}"'
PARAMS = 'month = "2014-12"\ndata_dir = ""\nparams_file = ""\nrun_dir = ""\ncommentary_dir = ""'
OPEN = (
    "from boardpack.document.section import open_section\nfrom boardpack import display\n"
    "s = open_section(SECTION, month, data_dir, params_file, run_dir, commentary_dir)"
)


def nb(*cells):
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    first = nbformat.v4.new_code_cell(PARAMS)
    first.metadata["tags"] = ["parameters"]
    book.cells = [first] + [nbformat.v4.new_code_cell(c) for c in cells]
    return book


def main():
    out = Path(__file__).parent
    books = {
        # a working section: heading, a sentence, a table of figures (no identifiers)
        "ok": nb(
            HEAD,
            OPEN,
            "display.show_heading(TITLE)\n"
            'display.show_sentences([f"The pack holds {len(s.indicators)} indicator rows for {s.month}."])\n'
            'print("printed text")',
        ),
        # a section whose third code cell raises
        "raises": nb(
            HEAD,
            OPEN,
            "display.show_heading(TITLE)",
            "result = 1 / 0  # the failing cell",
            'display.show_note("never shown")',
        ),
        # a section whose kernel dies
        "dies": nb(HEAD, "import os", "os._exit(1)  # the kernel dies", 'print("never")'),
        # a section that leaves a variable behind and says which kernel ran it (kernels kept for a run)
        "sets": nb(
            HEAD,
            'import os\nLEFT_BY_A_SECTION = SECTION\nprint(f"kernel {os.getpid()}")',
        ),
        # a section that fails if any variable of the section before it is still there
        "sees": nb(
            HEAD,
            'import os\nprint(f"kernel {os.getpid()}")',
            'assert "LEFT_BY_A_SECTION" not in globals(), f"{SECTION} sees a variable of the section before"',
        ),
        # a slow section (for SIGTERM)
        "slow": nb(
            HEAD,
            "import os, time, pathlib\n"
            'pathlib.Path(run_dir, "slow-started").write_text(str(os.getpid()))  # the kernel\'s pid',
            "time.sleep(120)  # slow cell",
            'print("never")',
        ),
    }
    for name, book in books.items():
        nbformat.write(book, out / f"{name}.ipynb")
    print(sorted(p.name for p in out.iterdir()))


if __name__ == "__main__":
    main()
