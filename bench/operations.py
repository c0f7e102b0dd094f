"""W1-W6 and the framework ceiling as HTTP calls, with the budgets the issue holds them to.

Reads go through both faces a user meets: the staff pages (HTML, logged in with a session)
and the REST API (a bearer token); writes through the API, as integrations make them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import quote

from bench.driver import Call, Maker
from bench.fixtures import Fixtures

PROXY = {"X-Forwarded-Proto": "https"}  # the TLS proxy of a real deployment


@dataclass(frozen=True)
class Budget:
    figure: str  # "p95_ms", "rate" or "seconds"
    limit: float
    sizes: tuple[str, ...]  # where it applies (on PostgreSQL)

    def met(self, value: float) -> bool:
        return value >= self.limit if self.figure == "rate" else value <= self.limit

    def describe(self) -> str:
        if self.figure == "rate":
            return f"≥ {self.limit:g}/s"
        unit = "ms" if self.figure == "p95_ms" else "s"
        return (
            f"p95 ≤ {self.limit:g} {unit}"
            if self.figure == "p95_ms"
            else f"≤ {self.limit:g} {unit}"
        )


@dataclass(frozen=True)
class Operation:
    id: str
    name: str
    headers: dict[str, str]
    maker: Maker
    writes: bool = False

    @property
    def budget(self) -> Budget | None:
        return BUDGETS.get(self.id)


# The performance issue's: at least three times the closest peer on the same machine.
BUDGETS = {
    "W1": Budget("rate", 360, ("M",)),
    "W2": Budget("p95_ms", 50, ("M", "L")),
    "W3": Budget("p95_ms", 80, ("M", "L")),
    "W4": Budget("p95_ms", 50, ("M", "L")),
    "W5": Budget("rate", 430, ("M",)),
    "W6": Budget("seconds", 3, ("L",)),
    "W7": Budget("rate", 300, ("S", "M", "L")),
    "W8": Budget("seconds", 600, ("L",)),
}
NEW_CASE_TYPES = (("information", 35), ("technical", 25), ("complaint", 20), ("suggestion", 7))


def text(rng: random.Random, language: str, low: int, high: int) -> str:
    """Words of the data set's vocabulary, Zipf-distributed, as the seeded texts are."""
    from mostrador.demo.cases import ZIPF_WEIGHTS  # noqa: PLC0415
    from mostrador.demo.vocabulary import WORDS  # noqa: PLC0415

    count = rng.randint(low, high)
    words = rng.choices(WORDS[language], weights=ZIPF_WEIGHTS[language], k=count)
    return " ".join(words).capitalize()


def _api(token: str) -> dict[str, str]:
    return {**PROXY, "Authorization": f"Bearer {token}", "Accept": "application/json"}


def _html(session: str) -> dict[str, str]:
    return {**PROXY, "Cookie": f"sessionid={session}", "Accept": "text/html"}


def reads(fixtures: Fixtures) -> list[Operation]:
    api, html = _api(fixtures.operator_token), _html(fixtures.session_cookie)
    department = fixtures.department
    queue = f"/api/v1/cases?department={department}&status=open&limit=25"

    def pick(values: list[str]) -> Maker:
        return lambda rng: ("GET", rng.choice(values), None, {})

    searches = [quote(term) for term in fixtures.search_terms]
    return [
        Operation("C", "framework ceiling: minimal JSON view", PROXY, pick(["/bench/ceiling/"])),
        Operation("W2", "queue page (HTML)", html, pick([f"/queues/department/{department}/"])),
        Operation("W2", "queue (API)", api, pick([queue])),
        Operation("W3", "search (API)", api, pick([f"/api/v1/search?q={q}" for q in searches])),
        Operation("W3", "search page (HTML)", html, pick([f"/search/?q={q}" for q in searches])),
        Operation("W4", "case page (HTML)", html, pick([f"/cases/{r}/" for r in fixtures.cases])),
        Operation("W4", "case (API)", api, pick([f"/api/v1/cases/{r}" for r in fixtures.cases])),
    ]


def _new_case(fixtures: Fixtures) -> Maker:
    types = [kind for kind, _weight in NEW_CASE_TYPES]
    weights = [weight for _kind, weight in NEW_CASE_TYPES]

    def make(rng: random.Random) -> Call:
        language = rng.choice(("ca", "es", "en"))
        payload = {
            "type": rng.choices(types, weights=weights)[0],
            "channel": "phone",
            "subject": text(rng, language, 4, 12),
            "body": text(rng, language, 20, 200),
            "customer": {"email": rng.choice(fixtures.customer_emails)},
            "department": fixtures.department,
        }
        return "POST", "/api/v1/cases", payload, {}

    return make


def _reply(fixtures: Fixtures) -> Maker:
    def make(rng: random.Random) -> Call:
        reference = rng.choice(fixtures.open_cases)
        payload = {"kind": "reply", "body": text(rng, rng.choice(("ca", "es", "en")), 20, 120)}
        return "POST", f"/api/v1/cases/{reference}/messages", payload, {}

    return make


def writes(fixtures: Fixtures) -> list[Operation]:
    api = _api(fixtures.operator_token)
    return [
        Operation("W1", "create a case (API)", api, _new_case(fixtures), True),
        Operation("W5", "reply to a case (API)", api, _reply(fixtures), True),
    ]


def statistics(fixtures: Fixtures) -> tuple[dict[str, str], Call]:
    """W6 as the administrator reads it: every department, the busiest year."""
    return _api(fixtures.admin_token), ("GET", f"/api/v1/stats?year={fixtures.year}", None, {})
