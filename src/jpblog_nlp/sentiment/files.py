"""Reading a small resource file (a model, a user lexicon, labelled data) from anywhere, safely.

The lexicon, the model and the training data all come from user paths: one reader for the three keeps
the same limits and messages for each (``ResourceError`` naming the file, exit code 3 in the CLI).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError, ResourceError
from ..sources.localfile import NotRegularFile, megabytes, open_regular_file, read_upto

NOT_A_FILE_HINT = "give the path of a file, not of a folder, device or pipe"


def read_resource_text(path: Path, *, what: str, limit: int, hint: str, encoding: str = "utf-8") -> str:
    """The text of a small resource file (model, lexicon, labelled data), refused if it is not a regular
    file or too large.

    A FIFO would block forever and a device (``/dev/zero``, a symlink to ``/dev/urandom``) never ends: the
    file is opened as ``sources.localfile`` opens posts (never blocking, regular files only, the opened file
    checked) and never more than ``limit`` bytes are read, whatever size the file claims.

    Raises:
        ResourceError: The file is missing, unreadable, not a regular file, too large or not text.
    """
    path = Path(path)
    try:
        fd, info = open_regular_file(path, hint=NOT_A_FILE_HINT)
    except NotRegularFile as err:
        raise ResourceError(f"{what} is not a regular file", source=str(path), hint=NOT_A_FILE_HINT) from err
    except InputError as err:
        raise ResourceError(f"cannot read {what}: {err.message}", source=str(path), hint=err.hint) from err
    chunks: list[bytes] = []
    try:
        total = read_upto(fd, limit + 1, chunks, info.st_size)
    except OSError as err:
        raise ResourceError(f"cannot read {what}: {err.strerror or err}", source=str(path)) from err
    finally:
        os.close(fd)
    if total > limit:
        raise ResourceError(f"{what} is larger than {megabytes(limit)}", source=str(path), hint=hint)
    try:
        return b"".join(chunks).decode(encoding)
    except UnicodeDecodeError as err:
        raise ResourceError(f"{what} is not UTF-8 text (byte {err.start})", source=str(path), hint=hint) from err
