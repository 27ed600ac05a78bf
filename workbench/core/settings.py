"""Workbench-wide settings, kept in one small crash-safe JSON file at the data root."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .config import data_root
from .errors import InvalidInput
from .storages import atomic_write_json
from .validation import explain

SETTINGS_FILE = "settings.json"


DEFAULT_PROMPTS = (
    "What do you notice?",
    "What were you thinking or feeling?",
    "What are you doing that makes a difference?",
)


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    max_film_minutes: int = Field(default=30, ge=1, le=240, title="Longest film accepted (minutes)")
    prompts: list[str] = Field(default_factory=lambda: list(DEFAULT_PROMPTS), min_length=1, max_length=8,
                               title="Prompts for the shared review")
    lead_in_s: int = Field(default=2, ge=0, le=5, title="Seconds of lead-in before each clip in the shared review")
    intro_film: str = Field(default="", max_length=500, title="Introductory film")
    # The seed's rhythm: the shared review one to two weeks after filming, then the next film.
    review_within_days: int = Field(default=14, ge=1, le=120,
                                    title="Days after filming before a shared review is overdue")
    film_within_days: int = Field(default=21, ge=1, le=180,
                                  title="Days after a shared review before the next film is overdue")
    # How finely two codings of a shared-review film are compared: kappa over steps of this length.
    agreement_step_s: float = Field(default=1.0, ge=0.2, le=10.0, title="Seconds per step when codings are compared")
    retention_days: int = Field(default=60, ge=1, le=3650, title="Days after closing before films are erased")
    idle_minutes: int = Field(default=30, ge=5, le=480, title="Minutes without activity before signing out")
    # One ffmpeg encode already keeps 2 cores busy; more at once only makes every guider wait longer.
    films_at_once: int = Field(default=1, ge=1, le=16, title="Films prepared at once")
    suggestions: bool = Field(default=True, title="Suggested moments in micro-analysis")

    @property
    def max_film_ms(self) -> int:
        return self.max_film_minutes * 60_000

    def with_prompts(self, text: str) -> Settings:
        """Prompts from one-per-line text; blank lines dropped."""
        prompts = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if not prompts:
            raise InvalidInput("Keep at least one prompt for the shared review.")
        if len(prompts) > 8 or any(len(p) > 200 for p in prompts):
            raise InvalidInput("Use at most 8 prompts, each under 200 characters.")
        return self.model_copy(update={"prompts": prompts})


def changed_fields(before: Settings, after: Settings) -> list[str]:
    """The titles of the settings that differ, for the audit log."""
    return [str(info.title or name) for name, info in Settings.model_fields.items()
            if getattr(before, name) != getattr(after, name)]


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
