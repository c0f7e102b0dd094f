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

# How much of a file libmagic reads to name its type (office formats look past the header).
SNIFF_BYTES = 256 * 1024

# Kinds libmagic names by their container; the declared type then says which allowed kind it
# is (an old Word or Excel file is an OLE compound file; an email is text).
_CONTAINERS = {
    "application/cdfv2": ("application/msword", "application/vnd.ms-excel"),
    "application/x-ole-storage": ("application/msword", "application/vnd.ms-excel"),
    "application/zip": (
        "application/vnd.openxmlformats-officedocument.",
        "application/vnd.oasis.opendocument.",
    ),
    "text/plain": ("message/rfc822",),
}


def content_type_of(upload: UploadedFile[bytes]) -> str:
    """The file's type as its content says (libmagic), never only as its sender declared it:
    what is checked, stored and served."""
    import magic  # noqa: PLC0415  (loads libmagic: only where a file is read)

    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    detected = str(magic.from_buffer(head, mime=True)).lower()
    declared = (upload.content_type or "").lower()
    if any(declared.startswith(kind) for kind in _CONTAINERS.get(detected, ())):
        return declared[:100]
    return detected


# What a sender declares when it does not know the type: the content alone decides.
_UNDECLARED = {"", "application/octet-stream", "binary/octet-stream", "application/x-download"}


def _allowed(content_type: str) -> bool:
    return any(content_type.startswith(kind) for kind in settings.ATTACHMENT_ALLOWED_TYPES)


def _agree(declared: str, detected: str) -> bool:
    """Whether the declared type says what the content is (allowing the usual aliases:
    image/jpg for image/jpeg, application/x-pdf for application/pdf)."""
    if declared in _UNDECLARED or declared == detected:
        return True
    declared_kind, _slash, declared_subtype = declared.partition("/")
    detected_kind, _slash, detected_subtype = detected.partition("/")
    if declared_kind != detected_kind:
        return False
    return declared_kind in ("image", "audio", "video") or (
        declared_subtype.removeprefix("x-") == detected_subtype.removeprefix("x-")
    )


def refusals(upload: UploadedFile[bytes]) -> list[str]:
    """Why ``upload`` cannot be kept (too large; a type we do not accept, read from its
    content: an executable declared as a picture is an executable); empty when it can."""
    name = upload.name or "?"
    problems = []
    if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
        problems.append(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        )
    detected = content_type_of(upload)
    if not _allowed(detected):
        problems.append(_("“%(name)s” is not a kind of file we accept.") % {"name": name})
    elif not _agree((upload.content_type or "").lower(), detected):
        problems.append(
            _("“%(name)s” is not what its type says: its content is %(type)s.")
            % {"name": name, "type": detected}
        )
    return problems


def check_attachments(files: Iterable[UploadedFile[bytes]]) -> None:
    """Raise ``InvalidInput`` naming every file that is too large or of a refused type, and
    the files together when they pass ``ATTACHMENTS_MAX_TOTAL_BYTES``."""
    files = list(files)
    problems = [problem for upload in files for problem in refusals(upload)]
    if sum(upload.size or 0 for upload in files) > settings.ATTACHMENTS_MAX_TOTAL_BYTES:
        problems.append(
            _("The files together are larger than %(limit)s: send fewer or smaller ones.")
            % {"limit": filesizeformat(settings.ATTACHMENTS_MAX_TOTAL_BYTES)}
        )
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
            content_type=content_type_of(upload),
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
