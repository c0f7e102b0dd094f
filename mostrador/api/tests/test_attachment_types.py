"""An attachment's type is read from its content, over HTTP: what it declares is not trusted."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mostrador.cases.models import Attachment, Case
from mostrador.customers.models import Customer
from mostrador.testing.files import PNG
from mostrador.testing.leftovers import Leftovers

pytestmark = pytest.mark.django_db

# A Windows executable's first bytes: "MZ", then the DOS stub's offset to the PE header.
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + (b"\x80\x00\x00\x00")
    + b"\x00" * 64
    + b"PE\x00\x00L\x01"
)


def _file(name, content_type, content):
    return {
        "filename": name,
        "content_type": content_type,
        "content_base64": base64.b64encode(content).decode(),
    }


def _file_case(client, *files):
    payload = {
        "type": "information",
        "channel": "phone",
        "subject": "Us envio un fitxer",
        "body": "Adjunto el que em vau demanar.",
        "customer": {"email": "fitxers@example.cat"},
        "attachments": list(files),
    }
    return client.post("/api/v1/cases", payload, content_type="application/json")


@pytest.mark.parametrize(
    ("declared", "content", "reason"),
    [
        ("image/jpeg", EXECUTABLE, "not a kind of file we accept"),
        ("application/pdf", b"<html><script>alert(1)</script></html>", "not a kind of file"),
        ("application/pdf", b"Bon dia, no soc cap PDF.\n", "is not what its type says"),
        ("text/plain", b"#!/bin/sh\nrm -rf ~\n", "not a kind of file we accept"),
    ],
)
def test_a_file_whose_content_is_refused_or_not_what_it_says_is_refused_leaving_nothing(
    api_client, people, declared, content, reason
):
    before = Leftovers.now()

    response = _file_case(api_client, _file("fitxer", declared, content))

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_attachment"
    assert reason in body["fields"]["attachments"][0]
    assert Leftovers.now() == before
    assert not Customer.objects.filter(contacts__value="fitxers@example.cat").exists()


def test_a_file_declared_as_anything_is_kept_and_served_as_what_it_is(api_client, people):
    response = _file_case(api_client, _file("foto", "application/octet-stream", PNG))

    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    download = api_client.get(f"/api/v1/attachments/{attachment.pk}")
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PNG


def test_the_portal_form_refuses_an_executable_named_as_a_photo(people):
    disguised = SimpleUploadedFile("foto.jpg", EXECUTABLE, content_type="image/jpeg")

    response = Client().post(
        "/portal/new/information/",
        {
            "name": "Marta",
            "email": "marta@example.cat",
            "subject": "Una foto",
            "body": "Us envio una foto del producte.",
            "attachments": [disguised],
        },
    )

    assert response.status_code == 422, "a form error, shown with the form"
    assert "is not a kind of file we accept" in response.content.decode()
    assert not Case.objects.exists()
