from django.test import RequestFactory

from mostrador.core.errors import Conflict, Forbidden, NotFound
from mostrador.web.middleware import DomainErrorMiddleware


def test_domain_errors_become_error_pages():
    middleware = DomainErrorMiddleware(lambda request: None)
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, NotFound()).status_code == 404
    assert middleware.process_exception(request, Forbidden()).status_code == 403
    assert middleware.process_exception(request, Conflict()).status_code == 400
    assert middleware.process_exception(request, ValueError()) is None
