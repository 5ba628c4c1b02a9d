"""The environment every settings module reads: the process's own variables, with ``.env`` (if
present) filling in only what they leave unset. Its own module so that ``base`` and ``features``
share one reader and the file is loaded before either reads a variable."""

from pathlib import Path

import environ

env = environ.Env()
environ.Env.read_env(Path(__file__).resolve().parent.parent.parent / ".env", overwrite=False)
