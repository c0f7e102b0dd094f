"""The customer page: who they are, assembled from the panels apps contribute."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mostrador.accounts.models import User
from mostrador.customers import selectors
from mostrador.web import panels


@login_required
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    customer = selectors.get_customer(customer_id)
    context = {"customer": customer, "panels": panels.for_customer(customer, user)}
    return render(request, "web/customers/detail.html", context)
