"""Where the project's folders are. The package is installed editable from the project root."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PARAMS_DIR = PROJECT_ROOT / "params"
DEFAULT_PARAMS = PARAMS_DIR / "defaults.yaml"
DEMO_PARAMS = PARAMS_DIR / "demo.yaml"  # laid over the defaults only when the data are the bundled demo
COMMENTARY_DIR = PARAMS_DIR / "commentary"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
DEMO_DATA_DIR = PROJECT_ROOT / "data" / "demo"
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "board" / "data"
