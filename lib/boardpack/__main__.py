"""``python -m boardpack``: the same command line as ``boardpack``."""

import sys

from boardpack.run.cli import main

if __name__ == "__main__":
    sys.exit(main())
