import factory

from mostrador.customers.choices import ContactKind
from mostrador.customers.models import ContactPoint, Customer


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n}")
    language = "ca"


class EmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    customer = factory.SubFactory(CustomerFactory)
    kind = ContactKind.EMAIL
    value = factory.Sequence(lambda n: f"customer{n}@example.com")
    is_primary = True
