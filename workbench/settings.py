"""Workbench-wide settings, kept in one small crash-safe JSON file at the data root."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .config import data_root
from .model import explain
from .storages import atomic_write_json

SETTINGS_FILE = "settings.json"


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    max_film_minutes: int = Field(default=30, ge=1, le=240, title="Longest film accepted (minutes)")

    @property
    def max_film_ms(self) -> int:
        return self.max_film_minutes * 60_000


def settings_path(root: Path | None = None) -> Path:
    return (root or data_root()) / SETTINGS_FILE


def load_settings(root: Path | None = None) -> Settings:
    """The saved settings; defaults where the file is missing or unreadable (it is then left as it is)."""
    try:
        return Settings.model_validate(json.loads(settings_path(root).read_bytes()))
    except (OSError, ValueError, ValidationError):
        return Settings()


def save_settings(settings: Settings, root: Path | None = None) -> None:
    try:
        checked = Settings.model_validate(settings.model_dump())
    except ValidationError as error:
        raise explain(error) from None
    atomic_write_json(settings_path(root), checked.model_dump(mode="json"))
