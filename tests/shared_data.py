"""Where the reference data lives: `../shared/data` beside the repository (CI and development),
or KOERS_DATA_DIR. Koers commits none of it; a test that needs it fails when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("KOERS_DATA_DIR", REPOSITORY.parent / "shared" / "data"))
