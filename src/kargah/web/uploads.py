"""Where uploaded files wait between their check and the user's confirmation: one folder in the
data folder, shared by every import page."""

from __future__ import annotations

from pathlib import Path


def imports_folder() -> Path:
    from django.conf import settings

    folder = Path(settings.HOME) / "imports"
    folder.mkdir(exist_ok=True)
    return folder
