"""Mailbox passwords: from the environment, or stored encrypted (Fernet) in the database."""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from mostrador.channels.email.models import Mailbox


def _fernet() -> Fernet:
    key = settings.CREDENTIALS_KEY
    if not key:
        # A key of its own, derived from SECRET_KEY: the signing key itself never encrypts.
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"mostrador mailbox passwords"
        ).derive(settings.SECRET_KEY.encode())
        key = base64.urlsafe_b64encode(derived).decode()
    try:
        return Fernet(key)
    except ValueError:
        raise ImproperlyConfigured(
            "CREDENTIALS_KEY must be a Fernet key (32 url-safe base64-encoded bytes)."
        ) from None


def encrypt(secret: str) -> str:
    """Return ``secret`` encrypted for storage."""
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    """Return the secret in ``token``; raises ``ImproperlyConfigured`` if the key changed."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored mailbox password cannot be read with the current key (CREDENTIALS_KEY, or "
            "SECRET_KEY when it is not set, changed): enter the password again."
        ) from None


def password(mailbox: Mailbox) -> str:
    """The IMAP password of ``mailbox``: its environment variable if named, else the stored one."""
    if mailbox.imap_password_env:
        value = os.environ.get(mailbox.imap_password_env)
        if value is None:
            raise ImproperlyConfigured(
                f"The environment variable {mailbox.imap_password_env} is not set."
            )
        return value
    return decrypt(mailbox.imap_password_encrypted) if mailbox.imap_password_encrypted else ""
