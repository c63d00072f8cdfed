"""``python -m boardpack``: the same command line as ``boardpack``."""

from boardpack.run.cli import console

if __name__ == "__main__":
    console()
