"""Static files under ``make run`` as production serves them: hashed names, compressed, cached
for a year by the phone (WhiteNoise's ``immutable`` header), so trying the voter's pages on a
real phone over the hall's Wi-Fi behaves as it will on the night.

Two differences from production's ``CompressedManifestStaticFilesStorage``, both for a
developer's machine: collecting again compresses only hashed files not compressed before (a
hashed name's content never changes), so ``make run`` starts in seconds rather than minutes;
and a file changed since the last ``collectstatic`` is linked by its plain name, which
WhiteNoise serves fresh from the source folders (``WHITENOISE_USE_FINDERS`` in DEBUG), so an
edited stylesheet shows on the next reload without collecting again.
"""

from __future__ import annotations

import os
import re

from django.contrib.staticfiles import finders
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

#: A name with Django's manifest hash in it: ``voting/voter.3f2a9c81d0e4.css``.
HASHED_NAME = r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$"
_HASHED = re.compile(HASHED_NAME)


class LocalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._manifest_mtime = self._mtime_of_manifest()

    def _mtime_of_manifest(self) -> float | None:
        try:
            return os.stat(self.path(self.manifest_name)).st_mtime
        except (OSError, NotImplementedError):
            return None

    def _fresh_manifest(self) -> None:
        """Pick up a ``collectstatic`` run while the server is running."""
        mtime = self._mtime_of_manifest()
        if mtime != self._manifest_mtime:
            self._manifest_mtime = mtime
            self.hashed_files = self.load_manifest()

    def url(self, name, force=False):
        self._fresh_manifest()
        key = self.hash_key(self.clean_name(name).split("?", 1)[0].split("#", 1)[0])
        source = finders.find(key)
        collected = key in self.hashed_files and self._manifest_mtime is not None
        if collected and source and os.stat(source).st_mtime <= self._manifest_mtime:
            return super().url(name, force=True)
        return super().url(name)  # DEBUG: the plain name, served from the source folder

    def compress_files(self, paths):
        todo = [
            path
            for path in paths
            if _HASHED.search(path)
            and not os.path.exists(self.path(path) + ".gz")
            and not os.path.exists(self.path(path) + ".br")
        ]
        return super().compress_files(todo)

    def create_compressor(self, **kwargs):
        # Source maps are for a developer's tools, never for a phone: not worth compressing.
        kwargs["extensions"] = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
        return super().create_compressor(**kwargs)
