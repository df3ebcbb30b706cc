"""Where StudyTrack keeps its files, and its secrets' sources."""

import logging
import os
import secrets
import time
import tomllib
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "studytrack.duckdb"
COOKIE_NAME = "studytrack_login"
DEFAULT_COOKIE_DAYS = 14.0


def db_path() -> Path:
    """Return the database file: STUDYTRACK_DB, or data/studytrack.duckdb."""
    return Path(os.environ.get("STUDYTRACK_DB") or DEFAULT_DB)


def cookie_days() -> float:
    """Return how many days a sign-in cookie stays valid (STUDYTRACK_COOKIE_DAYS)."""
    try:
        return float(os.environ.get("STUDYTRACK_COOKIE_DAYS", DEFAULT_COOKIE_DAYS))
    except ValueError:
        log.warning("STUDYTRACK_COOKIE_DAYS is not a number; using the default")
        return DEFAULT_COOKIE_DAYS


def cookie_key(key_file: Path | None = None) -> str:
    """Return the cookie-signing key: from the environment, secrets.toml, or a key file.

    The key file (data/cookie_key) is generated once, readable by its owner only.
    """
    from_env = os.environ.get("STUDYTRACK_COOKIE_KEY")
    if from_env:
        return from_env
    from_secrets = _key_from_secrets(ROOT / ".streamlit" / "secrets.toml")
    if from_secrets:
        return from_secrets
    return _key_from_file(key_file or DATA_DIR / "cookie_key")


def _key_from_secrets(path: Path) -> str | None:
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return tomllib.load(handle).get("cookie_key")


def _key_from_file(path: Path) -> str:
    """Read the key file; create it (owner-only) when there is none.

    Two processes starting at once must end up with the same key: creating the
    file is exclusive (O_EXCL), and the process that was second reads the first
    one's key, waiting the moment it takes to be written.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            log.info("cookie key file %s was made by another process", path)
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            log.info("generated a new cookie key file at %s", path)
    for _ in range(100):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)  # the other process is still writing it
    raise RuntimeError(f"the cookie key file {path} is empty; remove it and restart")
