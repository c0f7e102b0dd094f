"""Spanish amounts grouped by thousands with a point, as Catalan ones are and as shops and
banks write money in Spain ("1.250,50 €"); Django's Spanish formats use a space."""

THOUSAND_SEPARATOR = "."
