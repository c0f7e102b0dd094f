"""The seeded cases read like real ones, and still keep the workload's shape."""

import random
import re
from collections import Counter

import pytest

from mostrador.cases.choices import CaseType, MessageKind, Remedy
from mostrador.cases.models import Case, Claim, Message
from mostrador.core.language import detect_language
from mostrador.demo import dataset, writer
from mostrador.demo.cases import TYPES, seed_cases
from mostrador.demo.slots import PRODUCTS, REMEDIES, draw_facts

CASES = 800


@pytest.fixture
def seeded(db):
    dataset.seed(size="S", with_cases=False)  # departments, staff and customers
    seed_cases(random.Random(11), CASES)
    return list(Case.objects.order_by("pk").prefetch_related("messages"))


def _texts(cases):
    return [
        (case.subject, [m.body for m in sorted(case.messages.all(), key=lambda m: m.pk)])
        for case in cases
    ]


def test_the_same_seed_writes_the_same_texts(seeded):
    first = _texts(seeded)
    Case.objects.all().delete()

    seed_cases(random.Random(11), CASES)

    assert _texts(Case.objects.order_by("pk").prefetch_related("messages")) == first
    Case.objects.all().delete()
    seed_cases(random.Random(12), CASES)
    assert _texts(Case.objects.order_by("pk").prefetch_related("messages")) != first


def test_every_slot_is_filled(seeded):
    for subject, bodies in _texts(seeded):
        for text in (subject, *bodies):
            assert not re.search(r"[{}]", text), text
            assert text[0].isupper() or text[0] in "¿¡", text


def test_a_case_is_written_in_its_language(seeded):
    sample = seeded[:300]
    subjects = [detect_language(c.subject, fallback="?") == c.language for c in sample]
    bodies = [detect_language(c.messages.all()[0].body, fallback="?") == c.language for c in sample]
    replies = [
        detect_language(m.body, fallback="?") == c.language
        for c in sample
        for m in c.messages.all()
        if m.kind == MessageKind.OUTBOUND
    ]

    assert sum(bodies) / len(bodies) > 0.97
    assert sum(replies) / len(replies) > 0.97
    # A subject is a few words: short enough to fool the detector now and then.
    assert sum(subjects) / len(subjects) > 0.85


def test_a_claim_asks_for_its_remedy_and_a_technical_case_names_product_and_fault(seeded):
    claims = {claim.case_id: claim for claim in Claim.objects.all()}
    technical = [c for c in seeded if c.type == CaseType.TECHNICAL]
    assert claims
    assert technical
    for case in seeded:
        first = case.messages.all()[0].body
        if case.type == CaseType.CLAIM:
            claim = claims[case.pk]
            lead = REMEDIES[case.language][claim.remedy].split("{")[0].strip()
            assert lead in first or "€" in first, (claim.remedy, first)
            if claim.remedy in (Remedy.REFUND, Remedy.COMPENSATION, Remedy.DEBT_CANCELLATION):
                assert claim.amount_asked
                assert claim.amount_asked > 0
        if case.type == CaseType.TECHNICAL:
            lower = first.lower()
            products = [p for p in PRODUCTS[case.language] if p.a.split(" ", 1)[1] in lower]
            assert products, first
            faults = {f.split("{")[0] for p in products for f in p.faults}
            assert any(fault in first for fault in faults), first


def test_the_texts_keep_the_workload_statistics(seeded):
    subjects = [len(c.subject.split()) for c in seeded]
    bodies = [len(m.body.split()) for c in seeded for m in c.messages.all()]
    types = Counter(c.type for c in seeded)
    languages = Counter(c.language for c in seeded)

    assert min(subjects) >= 4
    assert max(subjects) <= 12
    assert min(bodies) >= 20
    assert max(bodies) <= 200
    assert 80 < sum(bodies) / len(bodies) < 130, "the mean of 20-200 words, give or take"
    assert max(bodies) > 180, "long messages too"
    assert 3.0 < len(bodies) / len(seeded) < 5.0
    assert Message.objects.filter(case__in=seeded).count() == len(bodies)
    for kind, weight in TYPES:
        assert abs(types[kind] / len(seeded) - weight / 100) < 0.04, kind
    for language in ("ca", "es", "en"):
        assert 0.25 < languages[language] / len(seeded) < 0.42


def test_a_queue_page_does_not_repeat_its_subjects(seeded):
    for start in range(0, 200, 25):
        page = [c.subject for c in seeded[start : start + 25]]
        assert len(set(page)) >= 22, page


def _words_of(texts):
    return {word for text in texts for word in re.findall(r"\w+", text.lower())}


def test_the_benchmark_search_terms_are_in_the_texts(seeded):
    """Every word W3 searches for is in the templates; all but the rarest are in a few hundred
    cases already (at size S, in every one of the 10,000)."""
    from bench.fixtures import search_terms

    books = writer.PHRASEBOOKS.values()
    template_words = (
        _words_of(
            text
            for book in books
            for value in vars(book).values()
            for texts in (value.values() if isinstance(value, dict) else [value])
            for text in texts
        )
        | _words_of(
            f"{product.a} {fault}"
            for products in PRODUCTS.values()
            for product in products
            for fault in product.faults
        )
        | _words_of(text for remedies in REMEDIES.values() for text in remedies.values())
    )
    seeded_words = _words_of(
        text for subject, bodies in _texts(seeded) for text in (subject, *bodies)
    )
    words = [word for term in search_terms() for word in term.split()]

    assert [word for word in words if word not in template_words] == []
    assert sum(word in seeded_words for word in words) >= len(words) - 3


def test_a_closed_case_ends_with_a_resolution():
    rng = random.Random(4)
    facts = draw_facts(rng, "ca", customer=(1, "Núria Puig"), reference="SAC-2026-000001")
    facts.slots.update(agent="Pau", department="Atenció al Client")
    story = writer.Story("ca", CaseType.TECHNICAL, facts.remedy, facts.slots, letter=True)
    resolutions = writer.PHRASEBOOKS["ca"].resolutions[CaseType.TECHNICAL]

    text = writer.reply(rng, story, first=False, last=True)

    assert text.startswith(("Bon dia,", "Bona tarda,", "Benvolgut/da Núria Puig,"))
    assert any(r.split("{")[0] in text for r in resolutions)
    assert text.rstrip().endswith(("Pau\nAtenció al Client", "Pau"))
