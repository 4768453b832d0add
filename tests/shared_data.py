"""Where the reference data lives: `../shared/data` beside the repository (CI and development),
or KOERS_DATA_DIR. Koers commits none of it; a test that needs it fails when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# This workplace keeps the shared folder at /work/shared; a clone elsewhere still finds it.
CANDIDATES = [REPOSITORY.parent / "shared" / "data", Path("/work/shared/data")]
SHARED_DATA = Path(
    os.environ.get("KOERS_DATA_DIR")
    or next((path for path in CANDIDATES if path.is_dir()), CANDIDATES[0])
)
