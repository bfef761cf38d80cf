"""The embedded installation: everything of one computer's Perspectives under one var/ folder.

Without DATABASE_URL the database is SQLite in var/, and without SECRET_KEY the key is made
once per installation and kept in var/secret_key, readable by its owner only, so that the
server, its worker and every command line find the same key without any variable being set.
"""

import contextlib
import os
import secrets
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)


def prepare_var_dir(var_dir: Path) -> None:
    """Create var/ (owner only) if it is missing; refuse a path that is no usable folder."""
    try:
        var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError as error:
        raise ImproperlyConfigured(
            f"PERSPECTIVES_VAR_DIR {var_dir} is not a folder (a file is in the way)"
        ) from error
    except OSError as error:
        raise ImproperlyConfigured(
            f"cannot create the data folder {var_dir}: {error.strerror}"
        ) from error
    if not os.access(var_dir, os.R_OK | os.W_OK | os.X_OK):
        raise ImproperlyConfigured(f"the data folder {var_dir} is not readable and writable")


def installation_secret_key(var_dir: Path) -> str:
    """The installation's secret key from var/secret_key, made on first use (mode 0600)."""
    prepare_var_dir(var_dir)
    path = var_dir / SECRET_KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    # Written under a temporary name and linked into place: link never replaces an existing
    # file, so of processes starting together (server, worker) one key wins and all read it.
    temporary = var_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"cannot write the secret key file {path}: {error.strerror}"
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise ImproperlyConfigured(f"the secret key file {path} is not a file")
        if mode & 0o077:
            raise ImproperlyConfigured(
                f"the secret key file {path} is readable by others; make it the owner's only"
                f" (chmod 600 {path})"
            )
        key = path.read_text().strip()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise ImproperlyConfigured(
            f"cannot read the secret key file {path}: {error.strerror}"
        ) from error
    if len(key) < 50:
        raise ImproperlyConfigured(f"the secret key file {path} holds no usable key")
    return key
