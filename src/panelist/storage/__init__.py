"""Where uploaded files live: a small interface and the local-directory implementation."""

from panelist.storage.files import FileStorage, LocalFileStorage, storage_for

__all__ = ["FileStorage", "LocalFileStorage", "storage_for"]
