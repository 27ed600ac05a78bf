"""Where a film's files live inside its family's media folder; every path is built here, never from user text."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InvalidInput
from ..core.storages import TEMP_SUFFIX, inside
from ..core.store import FamilyStore
from ..model.films import FIRST_LOOK_NAME, ORIGINAL_NAME, VIDEO_SUFFIXES

if TYPE_CHECKING:
    from ..model import Family, ProxyFacts

TRAINING = "training"  # the folder of a film's copies for use in training
LOOKED = "looked.json"  # what the analysis pass saw
MAX_LOOKED_BYTES = 16 * 2**20  # a 3-hour film's pass is about 6 MB: a larger file was not written here
_SAFE_ID = re.compile(r"^[a-f0-9]{12}$")


@dataclass(frozen=True)
class FilmFiles:
    """The folder of one film: original, proxy, filmstrip, clips and stills."""

    folder: Path

    @classmethod
    def of(cls, store: FamilyStore, code: str, film_id: str) -> FilmFiles:
        if not _SAFE_ID.match(film_id):
            raise ValueError(f"not a film id: {film_id!r}")
        return cls(store.media_dir(code) / film_id)

    @property
    def proxy(self) -> Path:
        return self.folder / "proxy.mp4"

    @property
    def partial_proxy(self) -> Path:
        """Where the proxy is written until it is whole and checked."""
        return self.folder / f"proxy{TEMP_SUFFIX}.mp4"

    @property
    def filmstrip(self) -> Path:
        return self.folder / "filmstrip"

    @property
    def clips(self) -> Path:
        return self.folder / "clips"

    @property
    def stills(self) -> Path:
        return self.folder / "stills"

    @property
    def exports(self) -> Path:
        return self.folder / "exports"

    @property
    def looked(self) -> Path:
        """What the on-device analysis saw (faces, smiles, speech): small, beside the film, never a picture."""
        return self.folder / LOOKED

    @property
    def training(self) -> Path:
        """Copies for use in training, faces blurred, and what was found to blur: only under that consent."""
        return self.folder / TRAINING

    def original(self, file_name: str) -> Path:
        """The kept original, by the bare name its record gives (``original.<type>``); ValueError for any other."""
        if not ORIGINAL_NAME.fullmatch(file_name):
            raise ValueError(f"not the name of a kept original: {file_name[:80]!r}")
        return inside(self.folder, file_name)

    def first_look(self, file_name: str) -> Path:
        """What the browser plays before the review copy is ready: the original, or ``first-look.<type>``."""
        if not FIRST_LOOK_NAME.fullmatch(file_name):
            raise ValueError(f"not the name of a first look: {file_name[:80]!r}")
        return inside(self.folder, file_name)

    def thumbnail(self, index: int) -> Path:
        """The filmstrip picture number ``index`` (0-based)."""
        return self.filmstrip / f"{index + 1:05d}.jpg"

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def remove_derived(self) -> None:
        """Delete what preparing makes (proxy and filmstrip), whole or half-made; the original stays."""
        for made in (self.partial_proxy, self.proxy):
            made.unlink(missing_ok=True)
        shutil.rmtree(self.filmstrip, ignore_errors=True)


def original_suffix(name: str) -> str:
    """A safe suffix for the stored original, taken from the uploaded name only if it is a known video type."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix in VIDEO_SUFFIXES else ".video"


@dataclass(frozen=True)
class ReadyFilm:
    """A cycle's film whose review proxy is ready: what clips, stills and reels are cut from."""

    files: FilmFiles
    proxy: ProxyFacts
    cycle_number: int
    first_look: Path | None = None  # set while the film is watched before its review copy is ready

    @property
    def video(self) -> Path:
        """What the browser plays: the review copy, or the first look until it is ready."""
        return self.first_look or self.files.proxy


def ready_film(store: FamilyStore, family: Family, cycle_number: int, slot: str = "film") -> ReadyFilm:
    film = getattr(family.cycle(cycle_number), slot)
    if film is None or not film.ready or film.proxy is None:
        what = "film" if slot == "film" else "shared-review film"
        raise InvalidInput(f"Cycle {cycle_number}'s {what} is not ready yet.")
    return ReadyFilm(FilmFiles.of(store, family.code, film.id), film.proxy, cycle_number)


def watchable_film(store: FamilyStore, family: Family, cycle_number: int) -> ReadyFilm:
    """The cycle's film to watch and mark: the review copy, or its first look while the copy is made."""
    film = family.cycle(cycle_number).film
    if film is None or film.ready or not film.watchable or film.first_look is None:
        return ready_film(store, family, cycle_number)
    files = FilmFiles.of(store, family.code, film.id)
    return ReadyFilm(files, film.first_look.grid, cycle_number, first_look=files.first_look(film.first_look.file))
