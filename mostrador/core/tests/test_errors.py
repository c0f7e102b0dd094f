from django.utils import translation

from mostrador.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


def test_errors_carry_status_code_message_and_fields():
    error = InvalidInput(fields={"name": ["Required."]})

    assert error.status == 422
    assert error.as_dict() == {
        "code": "invalid",
        "message": "Some of the data is not valid.",
        "fields": {"name": ["Required."]},
    }


def test_each_error_kind_has_its_status_and_code():
    assert (NotFound().status, NotFound().code) == (404, "not_found")
    assert (Forbidden().status, Forbidden().code) == (403, "forbidden")
    assert (Conflict().status, Conflict().code) == (409, "conflict")
    assert (DomainError().status, DomainError().code) == (400, "invalid_request")


def test_a_custom_code_and_message_override_the_defaults():
    error = Conflict("Already revoked.", code="token_revoked")

    assert (error.code, error.message, str(error)) == (
        "token_revoked",
        "Already revoked.",
        "Already revoked.",
    )


def test_default_messages_are_translated_when_raised():
    with translation.override("es"):
        spanish = NotFound().message
    with translation.override("ca"):
        catalan = NotFound().message

    assert spanish != "Not found."
    assert catalan != "Not found."
    assert spanish != catalan
