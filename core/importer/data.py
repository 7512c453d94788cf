"""The import data file ``resources/import_labels.json``: label variants, headings, patterns."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..resources import resource_path


@cache
def import_data() -> dict[str, Any]:
    """The parsed content of ``resources/import_labels.json``."""
    return json.loads(resource_path("import_labels.json").read_text(encoding="utf-8"))
