"""Workbench-wide settings, kept in one small crash-safe JSON file at the data root."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .config import data_root
from .errors import InvalidInput
from .model import explain
from .storages import atomic_write_json

SETTINGS_FILE = "settings.json"


DEFAULT_PROMPTS = (
    "What do you notice?",
    "What were you thinking or feeling?",
    "What are you doing that makes a difference?",
)
PIN_ROUNDS = 200_000


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    max_film_minutes: int = Field(default=30, ge=1, le=240, title="Longest film accepted (minutes)")
    prompts: list[str] = Field(default_factory=lambda: list(DEFAULT_PROMPTS), min_length=1, max_length=8,
                               title="Prompts for the shared review")
    pin_hash: str = ""  # PBKDF2 of the shared-screen PIN, with its salt; never the PIN itself
    intro_film: str = Field(default="", max_length=500, title="Introductory film")
    retention_days: int = Field(default=60, ge=1, le=3650, title="Days after closing before films are erased")
    idle_minutes: int = Field(default=30, ge=5, le=480, title="Minutes without activity before signing out")

    @property
    def max_film_ms(self) -> int:
        return self.max_film_minutes * 60_000

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    def with_pin(self, pin: str) -> Settings:
        """A copy holding a salted hash of ``pin`` (4 to 12 digits)."""
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise InvalidInput("The PIN must be 4 to 12 digits.")
        salt = secrets.token_hex(16)
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), PIN_ROUNDS).hex()
        return self.model_copy(update={"pin_hash": f"{salt}${digest}"})

    def pin_matches(self, pin: str) -> bool:
        if not self.pin_hash or "$" not in self.pin_hash:
            return False
        salt, digest = self.pin_hash.split("$", 1)
        tried = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), PIN_ROUNDS).hex()
        return hmac.compare_digest(tried, digest)

    def with_prompts(self, text: str) -> Settings:
        """Prompts from one-per-line text; blank lines dropped."""
        prompts = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if not prompts:
            raise InvalidInput("Keep at least one prompt for the shared review.")
        if len(prompts) > 8 or any(len(p) > 200 for p in prompts):
            raise InvalidInput("Use at most 8 prompts, each under 200 characters.")
        return self.model_copy(update={"prompts": prompts})


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
