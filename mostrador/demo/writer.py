"""The texts of a generated case: its subject and the messages of its customer and staff.

Each text is a template of the case's type and language (phrases_<language>.py) filled with the
case's facts (slots.py), then padded with further sentences of the same kind, drawn without
repeats, until it reaches a length drawn from the workload's range (shared/bench/WORKLOAD.md:
subjects of 4-12 words, bodies of 20-200).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from string import Formatter

from mostrador.demo import phrases_ca, phrases_en, phrases_es
from mostrador.demo.phrasebook import ByType, Phrasebook, Templates

PHRASEBOOKS: dict[str, Phrasebook] = {
    "ca": phrases_ca.PHRASES,
    "es": phrases_es.PHRASES,
    "en": phrases_en.PHRASES,
}
SUBJECT_WORDS = (4, 12)
BODY_WORDS = (20, 200)
SENTENCES_PER_PARAGRAPH = 4
ORDERS = 8


@dataclass(frozen=True)
class Story:
    """One case as its texts tell it: language, type, what a claim asks, and the filled slots.

    ``letter`` is for channels people write letters on (email, web form): those messages open
    with a greeting and end with a signature; a chat or a phone call's record does not.
    ``slot_words`` counts the words of each slot's value, to measure a text before filling it.
    """

    language: str
    case_type: str
    remedy: str
    slots: dict[str, str]
    letter: bool
    slot_words: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.slot_words.update((name, value.count(" ") + 1) for name, value in self.slots.items())


@dataclass(frozen=True, eq=False)  # compared by identity: one instance per text (cached)
class _Template:
    text: str
    words: int  # outside the slots
    slots: tuple[str, ...]


@cache
def _compiled(text: str) -> _Template:
    slots = tuple(name for _literal, name, *_rest in Formatter().parse(text) if name)
    # Each slot stands for one word here ("{of_the}:" is one); its own words are added per case.
    words = len(text.format_map(dict.fromkeys(slots, "x")).split()) - len(slots)
    return _Template(text, words, slots)


def _count(template: _Template, story: Story) -> int:
    if not template.slots:
        return template.words
    words = story.slot_words
    return template.words + sum([words[name] for name in template.slots])


@cache
def _orders(pool: Templates) -> tuple[tuple[_Template, ...], ...]:
    """A few fixed orders of ``pool``: a text walks one of them from a random place, which
    varies its sentences as a shuffle would, for two draws instead of one per sentence."""
    compiled = [_compiled(text) for text in pool]
    shuffler = random.Random(len(pool))  # noqa: S311  (fixed orders, part of the code)
    orders = []
    for _order in range(ORDERS):
        shuffler.shuffle(compiled)
        orders.append(tuple(compiled))
    return tuple(orders)


def _walk(rng: random.Random, pool: Templates) -> Iterator[_Template]:
    if not pool:
        return
    # One draw picks both the order and where to start in it.
    spot = rng.random() * ORDERS
    order = _orders(pool)[int(spot)]
    start = int((spot % 1) * len(order))
    yield from order[start:]
    yield from order[:start]


def _pick(rng: random.Random, templates: Templates) -> str:
    return templates[int(rng.random() * len(templates))]


@cache
def _templates(language: str, field_name: str, case_type: str, remedy: str) -> Templates:
    """The templates of a field for the case type, with those only a claim's remedy allows."""
    mapping: ByType = getattr(PHRASEBOOKS[language], field_name)
    return mapping[case_type] + mapping.get(f"{case_type}:{remedy}", ())


def subject(rng: random.Random, story: Story) -> str:
    """A subject of the case's type, of 4 to 12 words."""
    low, high = SUBJECT_WORDS
    templates = _templates(story.language, "subjects", story.case_type, story.remedy)
    text = ""
    for _attempt in range(5):
        text = rng.choice(templates).format_map(story.slots)
        if low <= len(text.split()) <= high:
            return text
    return " ".join(text.split()[:high])


def _pad(
    rng: random.Random, story: Story, candidates: Iterable[_Template], words: int
) -> list[_Template]:
    """Sentences from ``candidates``, in their order, to bring a text of ``words`` words near a
    length drawn from the workload's range, and never outside it."""
    low, high = BODY_WORDS
    target = rng.randint(low, high)
    chosen: list[_Template] = []
    for template in candidates:
        if words >= max(target, low):
            break
        count = _count(template, story)
        if words + count > high:
            continue
        # Stop short when the next sentence would overshoot further than it falls short.
        if words >= low and words + count - target > target - words:
            break
        chosen.append(template)
        words += count
    return chosen


def _compose(
    rng: random.Random,
    story: Story,
    opening: str,
    pools: Sequence[Templates],
    closings: Templates,
    frame: tuple[Templates, Templates] | None,
) -> str:
    """``opening``, then sentences of each pool in turn (each walked in a varied order), then a
    closing; in a letter, between a greeting and a signature. Filled once, at the end."""
    ends = [_pick(rng, frame[0]), _pick(rng, frame[1])] if frame and story.letter else []
    first = _compiled(opening)
    last = [_compiled(_pick(rng, closings))] if closings else []
    used = {first, *last}
    walks = [_walk(rng, pool) for pool in (*pools, closings)]
    candidates = (t for walk in walks for t in walk if t not in used)
    words = sum(_count(t, story) for t in (first, *last, *map(_compiled, ends)))
    sentences = [first, *_pad(rng, story, candidates, words), *last]
    paragraphs = [
        " ".join(template.text for template in sentences[start : start + SENTENCES_PER_PARAGRAPH])
        for start in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    if ends:
        paragraphs = [ends[0], *paragraphs, ends[1]]
    return "\n\n".join(paragraphs).format_map(story.slots)


def first_message(rng: random.Random, story: Story) -> str:
    """What the customer writes to open the case."""
    book = PHRASEBOOKS[story.language]
    opening = _pick(rng, _templates(story.language, "openings", story.case_type, story.remedy))
    pools = (book.details[story.case_type], book.context)
    return _compose(rng, story, opening, pools, book.closings, (book.greetings, book.sign_offs))


def follow_up(rng: random.Random, story: Story) -> str:
    """A later message of the customer's."""
    book = PHRASEBOOKS[story.language]
    pools = (book.details[story.case_type], book.context)
    frame = (book.greetings, book.sign_offs)
    return _compose(rng, story, _pick(rng, book.follow_ups), pools, book.closings, frame)


def reply(rng: random.Random, story: Story, *, first: bool, last: bool) -> str:
    """A staff reply: an acknowledgement first, the resolution last, progress in between."""
    book = PHRASEBOOKS[story.language]
    progress = book.progress[story.case_type]
    if last:
        opening = _pick(rng, book.resolutions[story.case_type])
        pools: tuple[Templates, ...] = (book.staff_context,)
    elif first:
        opening = _pick(rng, book.acknowledgements[story.case_type])
        pools = (book.staff_context, progress)
    else:
        opening = _pick(rng, progress)
        pools = (book.staff_context, progress)
    frame = (book.staff_greetings, book.staff_sign_offs)
    return _compose(rng, story, opening, pools, book.staff_closings, frame)


def note(rng: random.Random, story: Story) -> str:
    """An internal note: what staff tell each other about the case."""
    notes = PHRASEBOOKS[story.language].notes[story.case_type]
    return _compose(rng, story, _pick(rng, notes), (notes,), (), None)
