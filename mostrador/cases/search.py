"""Full-text search over case subjects and messages, ranked, on PostgreSQL and on SQLite.

One index table, ``case_search``, with a row per case subject and per message:
- PostgreSQL: a ``tsvector`` per row in the language of the case (Catalan, Spanish or English
  stemming, accents removed with unaccent) under a GIN index; a query is matched in every
  language, since nobody says which language they type in; ranked with ``ts_rank``.
- SQLite: an FTS5 virtual table (unicode61 tokenizer, diacritics removed), ranked with bm25.

The table is written by the services that write cases and messages (no triggers), in the same
transaction. ``manage.py reindex_search`` rebuilds it from scratch.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Q, QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import User
from mostrador.cases.models import Case, Message

# Weight of a row: a match in the subject ranks above one in a message.
SUBJECT, MESSAGE = "A", "C"
PG_CONFIGS = {"ca": "catalan", "es": "spanish", "en": "english"}
# Rows fetched before permission filtering; a reader who sees few cases may get fewer results.
CANDIDATES = 1000
VISIBILITY_CHUNK = 100
# On PostgreSQL, the most recent matching texts that are ranked: a word found in most texts
# ranks among the newest of them, as a narrower query reaches further back.
RANKED = 2000


@cache
def pg_config(language: str) -> str:
    wanted = PG_CONFIGS.get(language, "simple")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [wanted])
        return wanted if cursor.fetchone() else "simple"


Row = tuple[int, int | None, str, str, str]  # case id, message id, text, weight, language


def add_rows(rows: Iterable[Row]) -> None:
    """Index many texts at once (one statement executed for each row)."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "INSERT INTO case_search (case_id, message_id, document) "
                "VALUES (%s, %s, setweight(to_tsvector(%s::regconfig, unaccent(%s)), %s))",
                [
                    (case_id, message_id, pg_config(language), text, weight)
                    for case_id, message_id, text, weight, language in rows
                ],
            )
        else:
            cursor.executemany(
                "INSERT INTO case_search (case_id, message_id, weight, body) VALUES (%s, %s, %s, %s)",
                [
                    (case_id, message_id, weight, text)
                    for case_id, message_id, text, weight, _language in rows
                ],
            )


def _config_of(column: str) -> str:
    """SQL choosing the text-search configuration of the language in ``column``."""
    choices = " ".join(
        f"WHEN '{language}' THEN '{pg_config(language)}'::regconfig" for language in PG_CONFIGS
    )
    return f"CASE {column} {choices} ELSE 'simple'::regconfig END"


def _pg_fill(part: int = 0, parts: int = 1) -> None:
    """Index the cases and messages whose id falls in ``part`` of ``parts`` (PostgreSQL)."""
    config = _config_of("c.language")
    subject = f"setweight(to_tsvector({config}, unaccent(c.reference || ' ' || c.subject)), "
    body = f"setweight(to_tsvector({config}, unaccent(m.body)), "
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO case_search (case_id, message_id, document) "  # noqa: S608  (no user input)
            f"SELECT c.id, NULL, {subject}'{SUBJECT}') FROM cases_case c "
            "WHERE c.id %% %s = %s",
            [parts, part],
        )
        cursor.execute(
            "INSERT INTO case_search (case_id, message_id, document) "  # noqa: S608  (no user input)
            f"SELECT m.case_id, m.id, {body}'{MESSAGE}') "
            "FROM cases_message m JOIN cases_case c ON c.id = m.case_id WHERE m.id %% %s = %s",
            [parts, part],
        )


def _pg_fill_apart(part: int, parts: int, failures: list[BaseException]) -> None:
    """One part, on this thread's own connection (closed after)."""
    try:
        _pg_fill(part, parts)
    except BaseException as error:  # noqa: BLE001  (reported by the thread that waits)
        failures.append(error)
    finally:
        connection.close()


def _pg_rebuild(parallel: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE case_search")
        cursor.execute("DROP INDEX IF EXISTS case_search_document")
    if parallel > 1 and not connection.in_atomic_block:
        # The texts are stemmed by several server processes at once, each on its share of the
        # rows (one INSERT...SELECT runs on one core); a failure leaves the index to rebuild.
        failures: list[BaseException] = []
        threads = [
            threading.Thread(target=_pg_fill_apart, args=(part, parallel, failures))
            for part in range(parallel)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
    else:
        _pg_fill()
    with connection.cursor() as cursor:
        # Built in memory in one pass where it fits (about 1 GB at a million cases).
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("CREATE INDEX case_search_document ON case_search USING gin (document)")
        cursor.execute("RESET maintenance_work_mem")


def rebuild(*, parallel: int = 1) -> None:
    """Index every case and message from scratch, inside the database, in a few statements.

    The same rows as ``index_case`` and ``index_message`` write one by one; on PostgreSQL the
    GIN index is built once over the finished table, much faster than growing it row by row,
    and outside a transaction the texts are stemmed by ``parallel`` connections at once (the
    searches that run meanwhile see part of the index). What ``manage.py reindex_search`` and
    the data-set load (benchmark W8) run.
    """
    if connection.vendor == "postgresql":
        _pg_rebuild(parallel)
        return
    subjects = "c.reference || ' ' || c.subject"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM case_search")
        cursor.execute(
            "INSERT INTO case_search (case_id, message_id, weight, body) "  # noqa: S608  (no user input)
            f"SELECT c.id, NULL, '{SUBJECT}', {subjects} FROM cases_case c"
        )
        cursor.execute(
            "INSERT INTO case_search (case_id, message_id, weight, body) "  # noqa: S608  (no user input)
            f"SELECT m.case_id, m.id, '{MESSAGE}', m.body FROM cases_message m"
        )


def _add(case: Case, text: str, message_id: int | None, weight: str) -> None:
    add_rows([(case.pk, message_id, text, weight, case.language)])


def index_case(case: Case, *, new: bool = False) -> None:
    """Index the reference and subject of ``case`` (replacing what was indexed for them).

    A ``new`` case has nothing indexed yet: not looking spares SQLite a scan of its whole
    FTS5 table, which has no index on ``case_id``.
    """
    if new:
        _add(case, f"{case.reference} {case.subject}", None, SUBJECT)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM case_search WHERE case_id = %s AND message_id IS NULL", [case.pk]
        )
    _add(case, f"{case.reference} {case.subject}", None, SUBJECT)


def index_new_case(case: Case, message: Message) -> None:
    """Index a case just opened: its reference and subject, and its first message."""
    add_rows(
        [
            (case.pk, None, f"{case.reference} {case.subject}", SUBJECT, case.language),
            (case.pk, message.pk, message.body, MESSAGE, case.language),
        ]
    )


def index_message(message: Message) -> None:
    _add(message.case, message.body, message.pk, MESSAGE)


def move_case_rows(*, source: Case, target: Case) -> None:
    """Point the message rows of ``source`` at ``target`` (when merging cases)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE case_search SET case_id = %s WHERE case_id = %s AND message_id IS NOT NULL",
            [target.pk, source.pk],
        )


def _fts5_query(text: str) -> str:
    """Every word must appear, except around an upper-case OR, as PostgreSQL's websearch syntax.

    Quoting each word keeps any other FTS5 operator a user types literal.
    """
    terms: list[str] = []
    for word in re.findall(r"\w+", text, flags=re.UNICODE):
        if word == "OR":
            if terms and terms[-1] != "OR":
                terms.append("OR")
        else:
            terms.append(f'"{word}"')
    while terms and terms[-1] == "OR":
        terms.pop()
    return " ".join(terms)


def _pg_query(cursor: CursorWrapper, text: str) -> str:
    """The user's words as one tsquery, matched in every language we stem, as text.

    Computed apart so that the search itself holds it as a constant: the planner then knows
    how common the words are, and it is not recomputed for every row it checks.
    """
    configs = sorted({pg_config(language) for language in PG_CONFIGS})
    # Only configuration names we chose go into the SQL; the user's text is a parameter.
    tsquery = " || ".join(
        f"websearch_to_tsquery('{config}'::regconfig, unaccent(%s))" for config in configs
    )
    cursor.execute(f"SELECT ({tsquery})::text", [text] * len(configs))  # noqa: S608
    row = cursor.fetchone()
    return row[0] if row else ""


def _ranked_ids(text: str, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = _pg_query(cursor, text)
            if not query:
                return []
            # The most recent matching texts, ranked: a rare word is looked up in the GIN
            # index, a common one found by walking cases newest first until enough match; never
            # every match ranked (benchmark W3). Weights D, C, B, A: a subject outranks a message.
            cursor.execute(
                "SELECT case_id FROM (SELECT case_id, document FROM case_search "
                "WHERE document @@ %s::tsquery ORDER BY case_id DESC LIMIT %s) AS recent "
                "GROUP BY case_id ORDER BY "
                "max(ts_rank('{0.1, 0.2, 0.4, 1.0}', document, %s::tsquery)) DESC, "
                "case_id DESC LIMIT %s",
                [query, RANKED, query, limit],
            )
        else:
            query = _fts5_query(text)
            if not query:
                return []
            # FTS5 orders by its bm25 "rank" cheaply but will not aggregate it: the best row of
            # each case is kept here, with subject rows weighing three times a message row.
            cursor.execute(
                "SELECT case_id, weight, rank FROM case_search WHERE case_search MATCH %s "
                "ORDER BY rank LIMIT %s",
                [query, limit * 5],
            )
            best: dict[int, float] = {}
            for case_id, weight, rank in cursor.fetchall():
                score = rank * (3.0 if weight == SUBJECT else 1.0)
                best[case_id] = min(score, best.get(case_id, score))
            return sorted(best, key=lambda case_id: (best[case_id], -case_id))[:limit]
        return [row[0] for row in cursor.fetchall()]


_REFERENCE = re.compile(r"([A-Za-z]{2,10})\s*-\s*(\d{4})\s*-\s*(\d{1,9})")


def reference_forms(text: str) -> list[str]:
    """The case references ``text`` is written for, or [] when it is not one: trimmed, in any
    case, with spaces around its dashes, the number with or without its leading zeros.

    Exact values, so the unique index on the reference finds them (no ``UPPER()`` scan); the
    prefix as typed, in capitals and as configured.
    """
    match = _REFERENCE.fullmatch(text.strip())
    if match is None:
        return []
    prefix, year, number = match.groups()
    configured = settings.CASE_REFERENCE_PREFIX
    prefixes = {
        prefix,
        prefix.upper(),
        *([configured] if prefix.upper() == configured.upper() else []),
    }
    numbers = {number, number.rjust(6, "0")}
    return sorted(f"{p}-{year}-{n}" for p in prefixes for n in numbers)


def search_cases(user: User, text: str, *, limit: int = 25) -> list[Case]:
    """Cases ``user`` may see whose subject or messages match ``text``, best first.

    An exact reference finds that case (see ``reference_forms``) and nothing else; an email
    address finds that customer's cases.
    """
    from mostrador.cases import selectors  # noqa: PLC0415  (selectors import this module's callers)

    text = text.strip()
    if not text:
        return []
    visible = selectors.list_cases_for_user(user)
    references = reference_forms(text)
    if references:
        return list(visible.filter(reference__in=references)[:1])
    if "@" in text and " " not in text:
        by_customer = visible.filter(
            customer__contacts__kind="email", customer__contacts__value=text.lower()
        )
        return list(by_customer.distinct().order_by("-created_at")[:limit])
    ids = _ranked_ids(text, CANDIDATES)
    if not account_permissions.is_admin(user):
        ids = _seen_by(visible, ids, limit)
    ids = ids[:limit]
    found = {case.pk: case for case in visible.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _seen_by(visible: QuerySet[Case], ids: list[int], wanted: int) -> list[int]:
    """The first ``wanted`` of ``ids`` in ``visible``, in order, checked a chunk at a time: most
    readers see enough among the first few, and a thousand ids in one query cost more to
    write than to look up."""
    seen: list[int] = []
    for start in range(0, len(ids), VISIBILITY_CHUNK):
        chunk = ids[start : start + VISIBILITY_CHUNK]
        allowed = set(visible.filter(pk__in=chunk).values_list("pk", flat=True))
        seen += [pk for pk in chunk if pk in allowed]
        if len(seen) >= wanted:
            break
    return seen


def sought_words(text: str) -> list[str]:
    """The words a search for ``text`` looks for, as a results page marks and quotes them: two
    letters or more, without the operator OR nor the words it excludes (``-word``)."""
    words: list[str] = []
    for token in text.split():
        if token.startswith("-"):
            continue
        words += [word for word in re.findall(r"\w{2,}", token) if word != "OR"]
    return list(dict.fromkeys(words))


def snippets(cases: list[Case], text: str) -> dict[int, str]:
    """For each case, the text of its first message holding one of the words of ``text``: what
    a results page quotes under the subject. One query."""
    words = sought_words(text)[:8]
    if not cases or not words:
        return {}
    condition = Q()
    for word in words:
        condition |= Q(body__icontains=word)
    found: dict[int, str] = {}
    rows = (
        Message.objects.filter(case_id__in=[case.pk for case in cases])
        .filter(condition)
        .order_by("case_id", "created_at", "id")
        .values_list("case_id", "body")
    )
    sought = {fold(word) for word in words}
    whole: set[int] = set()
    for case_id, body in rows:
        # The first message holding a sought word whole, else the first holding it at all.
        if case_id not in whole and sought & {fold(word) for word in WORD.findall(body)}:
            found[case_id] = body
            whole.add(case_id)
        found.setdefault(case_id, body)
    return found


# A word as both indexes cut texts into words: letters and digits (an underscore separates).
WORD = re.compile(r"[^\W_]+")
# The most distinct words of a results page looked up for their stems (one query).
STEMMED_WORDS = 2000


def fold(word: str) -> str:
    """``word`` as the index compares words: in lower case, without accents ("Reclamació"
    and "reclamacio" are one word), as FTS5's ``remove_diacritics`` and PostgreSQL's unaccent."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Marks:
    """The words a results page marks for a search: a word of the text is marked when it is,
    folded, a sought word, or one the search engine matched to a sought word by its stem."""

    sought: frozenset[str]
    stemmed: frozenset[str] = frozenset()

    def marks(self, word: str) -> bool:
        folded = fold(word)
        return folded in self.sought or folded in self.stemmed


def marks_for(text: str) -> Marks:
    """What to mark for a search of ``text`` without asking the database: whole words equal
    to a sought one but for case and accents, as the index compares words. So "port" marks
    neither "portal" nor "support", and "reclamacio" marks "Reclamació"."""
    return Marks(frozenset(fold(word) for word in sought_words(text)))


def marks_for_cases(text: str, cases: list[Case], quoted: dict[int, str]) -> dict[int, Marks]:
    """What a results page marks in each case it lists (subject, customer, ``quoted`` text).

    On SQLite that of ``marks_for``: FTS5 here has no stemmer. On PostgreSQL also the words of
    those texts that the engine matched to a sought word by their stem in the case's language
    ("ports" marks "port"; in a Catalan case, "portal" too, as Catalan stems it "port"): one
    query for the page.
    """
    plain = marks_for(text)
    if not plain.sought or not cases or connection.vendor != "postgresql":
        return {case.pk: plain for case in cases}
    shown = {
        (case.language, fold(word))
        for case in cases
        for piece in (case.subject, case.customer.name, quoted.get(case.pk, ""))
        for word in WORD.findall(piece)
    }
    words = sorted(pair for pair in shown if pair[1] not in plain.sought)[:STEMMED_WORDS]
    stemmed = _pg_stemmed(sorted(plain.sought), words)
    by_language = {
        language: Marks(plain.sought, frozenset(w for lang, w in stemmed if lang == language))
        for language in {case.language for case in cases}
    }
    return {case.pk: by_language[case.language] for case in cases}


def _pg_stemmed(sought: list[str], words: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those (language, word) of ``words`` whose word, stemmed as the index stems texts in
    that language, PostgreSQL matches to one of ``sought`` (read in every language)."""
    if not words:
        return set()
    configs = sorted({pg_config(language) for language in PG_CONFIGS})
    # Only configuration names we chose go into the SQL; the words are parameters.
    query = " || ".join(f"websearch_to_tsquery('{c}'::regconfig, %s)" for c in configs)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shown.language, shown.word "  # noqa: S608
            "FROM unnest(%s::text[], %s::text[]) AS shown(language, word), "
            f"(SELECT {query} AS query) AS sought "
            f"WHERE to_tsvector({_config_of('shown.language')}, shown.word) @@ sought.query",
            [
                [language for language, _word in words],
                [word for _language, word in words],
                *[" or ".join(sought)] * len(configs),
            ],
        )
        return {(row[0], row[1]) for row in cursor.fetchall()}
