"""Checking and storing the files that come with a message."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from mostrador.cases.models import Attachment, Message
from mostrador.core import transactions
from mostrador.core.errors import InvalidInput


def refusals(upload: UploadedFile[bytes]) -> list[str]:
    """Why ``upload`` cannot be kept (too large, a refused type); empty when it can."""
    name = upload.name or "?"
    problems = []
    if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
        problems.append(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        )
    content_type = (upload.content_type or "application/octet-stream").lower()
    if not any(content_type.startswith(allowed) for allowed in settings.ATTACHMENT_ALLOWED_TYPES):
        problems.append(_("“%(name)s” is not a kind of file we accept.") % {"name": name})
    return problems


def check_attachments(files: Iterable[UploadedFile[bytes]]) -> None:
    """Raise ``InvalidInput`` naming every file that is too large or of a refused type."""
    problems = [problem for upload in files for problem in refusals(upload)]
    if problems:
        raise InvalidInput(problems[0], code="invalid_attachment", fields={"attachments": problems})


def store_attachments(message: Message, files: Iterable[UploadedFile[bytes]]) -> list[Attachment]:
    """Save ``files`` on ``message`` with their SHA-256. Call ``check_attachments`` first.

    Each file written is deleted again if the request's work fails afterwards
    (``core.transactions.undone_on_error``), as its row is rolled back.
    """
    stored = []
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            message=message,
            filename=(upload.name or "attachment")[:255],
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            # Set by the email channel on the images its formatted version shows inline.
            content_id=str(getattr(upload, "content_id", ""))[:255],
        )
        attachment.file.save(attachment.sha256, upload, save=False)
        transactions.on_error(_deleter(attachment.file.storage, attachment.file.name))
        attachment.save()
        stored.append(attachment)
    return stored


def _deleter(storage: Storage, name: str | None) -> transactions.Undo:
    def delete() -> None:
        if name:
            storage.delete(name)

    return delete
