"""What a generated case is about: the product, its fault, the order, the money, the dates.

Drawn once per case from the seed, so that every message of the case tells the same story: the
washing machine that leaks in the customer's first message is the one the technician visits.
The products are ranked most common first and drawn with a Zipf law, as the texts' words are.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from mostrador.cases.choices import Remedy


@dataclass(frozen=True)
class Product:
    """A product as a sentence uses it, in one language: with its articles and its faults."""

    the: str  # "la rentadora", "el forn", "l'assecadora"
    of_the: str  # "de la rentadora", "del forn"
    at_the: str  # "a la rentadora", "al forn"
    a: str  # "una rentadora", "un forn"
    bought: str  # "comprada", "comprat": agrees with the product
    faults: tuple[str, ...]  # verb phrases: "{the} perd aigua per sota"


# (name, gender, faults) in Catalan, Spanish and English; the same product at each position.
_PRODUCTS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "ca": (
        (
            "rentadora",
            "f",
            (
                "perd aigua per sota",
                "no centrifuga",
                "dona l'error {code}",
                "no escalfa l'aigua",
                "fa molt soroll quan centrifuga",
                "no obre la porta en acabar",
                "té el motor espatllat",
            ),
        ),
        (
            "rentaplats",
            "m",
            (
                "no treu l'aigua",
                "no renta bé els plats",
                "dona l'error {code}",
                "perd aigua per la porta",
                "no s'engega",
            ),
        ),
        (
            "nevera",
            "f",
            (
                "no refreda",
                "fa gel a la part de baix",
                "fa un soroll estrany de nit",
                "perd aigua per dins",
                "té la porta trencada",
            ),
        ),
        (
            "forn",
            "m",
            (
                "no escalfa",
                "dona l'error {code}",
                "té el vidre de la porta trencat",
                "no arriba a la temperatura",
                "s'apaga tot sol",
            ),
        ),
        (
            "caldera",
            "f",
            (
                "no encén la calefacció",
                "perd pressió cada dia",
                "no dona aigua calenta",
                "dona l'error {code}",
                "fa olor de gas",
            ),
        ),
        (
            "assecadora",
            "f",
            (
                "no asseca la roba",
                "dona l'error {code}",
                "no gira el tambor",
                "s'atura a mig programa",
            ),
        ),
        (
            "mòbil",
            "m",
            (
                "no carrega",
                "té la pantalla trencada",
                "es reinicia sol",
                "no té connexió a internet",
                "s'escalfa molt",
            ),
        ),
        (
            "aire condicionat",
            "m",
            ("no refreda", "perd aigua", "dona l'error {code}", "fa molt soroll"),
        ),
        (
            "placa d'inducció",
            "f",
            ("no detecta les olles", "dona l'error {code}", "s'apaga tota sola"),
        ),
        ("televisor", "m", ("no s'encén", "no té so", "té la pantalla trencada")),
        ("microones", "m", ("no escalfa", "fa espurnes", "no gira el plat")),
        ("cafetera", "f", ("perd aigua", "no fa pressió", "dona l'error {code}")),
    ),
    "es": (
        (
            "lavadora",
            "f",
            (
                "pierde agua por debajo",
                "no centrifuga",
                "da el error {code}",
                "no calienta el agua",
                "hace mucho ruido al centrifugar",
                "no abre la puerta al terminar",
                "tiene el motor estropeado",
            ),
        ),
        (
            "lavavajillas",
            "m",
            (
                "no desagua",
                "no lava bien los platos",
                "da el error {code}",
                "pierde agua por la puerta",
                "no se enciende",
            ),
        ),
        (
            "nevera",
            "f",
            (
                "no enfría",
                "hace hielo en la parte de abajo",
                "hace un ruido raro por la noche",
                "pierde agua por dentro",
                "funciona mal desde la mudanza",
            ),
        ),
        (
            "horno",
            "m",
            (
                "no calienta",
                "da el error {code}",
                "tiene el cristal de la puerta roto",
                "no llega a la temperatura",
                "se apaga solo",
            ),
        ),
        (
            "caldera",
            "f",
            (
                "no enciende la calefacción",
                "pierde presión cada día",
                "no da agua caliente",
                "da el error {code}",
                "huele a gas",
            ),
        ),
        (
            "secadora",
            "f",
            (
                "no seca la ropa",
                "da el error {code}",
                "no gira el tambor",
                "se para a mitad de programa",
            ),
        ),
        (
            "móvil",
            "m",
            (
                "no carga",
                "tiene la pantalla rota",
                "se reinicia solo",
                "no tiene conexión a internet",
                "se calienta mucho",
            ),
        ),
        (
            "aire acondicionado",
            "m",
            ("no enfría", "pierde agua", "da el error {code}", "hace mucho ruido"),
        ),
        (
            "placa de inducción",
            "f",
            ("no detecta las ollas", "da el error {code}", "se apaga sola"),
        ),
        ("televisor", "m", ("no se enciende", "no tiene sonido", "tiene la pantalla rota")),
        ("microondas", "m", ("no calienta", "hace chispas", "no gira el plato")),
        ("cafetera", "f", ("pierde agua", "no coge presión", "da el error {code}")),
    ),
    "en": (
        (
            "washing machine",
            "-",
            (
                "is leaking water underneath",
                "does not spin",
                "shows error code {code}",
                "does not heat the water",
                "makes a loud noise when spinning",
                "will not open the door after the wash",
                "has a broken motor",
            ),
        ),
        (
            "dishwasher",
            "-",
            (
                "does not drain",
                "leaves the dishes dirty",
                "shows error code {code}",
                "leaks from the door",
                "will not switch on",
            ),
        ),
        (
            "fridge",
            "-",
            (
                "is not cooling",
                "builds up ice at the bottom",
                "makes a strange noise at night",
                "leaks water inside",
                "has a damaged door seal",
            ),
        ),
        (
            "oven",
            "-",
            (
                "does not heat up",
                "shows error code {code}",
                "has a cracked door glass",
                "never reaches the temperature",
                "switches itself off",
            ),
        ),
        (
            "boiler",
            "-",
            (
                "will not fire up the heating",
                "loses pressure every day",
                "gives no hot water",
                "shows error code {code}",
                "smells of gas",
            ),
        ),
        (
            "tumble dryer",
            "-",
            (
                "does not dry the clothes",
                "shows error code {code}",
                "does not turn the drum",
                "stops halfway through the programme",
            ),
        ),
        (
            "mobile phone",
            "-",
            (
                "will not charge",
                "has a broken screen",
                "keeps restarting",
                "has no internet connection",
                "gets very hot",
            ),
        ),
        (
            "air conditioner",
            "-",
            ("is not cooling", "leaks water", "shows error code {code}", "is very noisy"),
        ),
        (
            "induction hob",
            "-",
            ("does not detect the pans", "shows error code {code}", "switches itself off"),
        ),
        ("television", "-", ("will not switch on", "has no sound", "has a damaged screen")),
        ("microwave", "-", ("does not heat", "gives off sparks", "does not turn the plate")),
        ("coffee machine", "-", ("leaks water", "builds no pressure", "shows error code {code}")),
    ),
}
PRODUCT_WEIGHTS = [1 / (rank + 1) ** 0.9 for rank in range(len(_PRODUCTS["en"]))]
PRODUCT_CUMULATIVE = list(itertools.accumulate(PRODUCT_WEIGHTS))


def _product(language: str, name: str, gender: str, faults: tuple[str, ...]) -> Product:
    if language == "en":
        article = "an" if name[0] in "aeiou" else "a"
        return Product(
            f"the {name}", f"of the {name}", f"on the {name}", f"{article} {name}", "bought", faults
        )
    vowel = name[0] in "aeiouàèéíòóú"
    if language == "ca" and vowel:
        the = f"l'{name}"
        of_the, at_the = f"de {the}", f"a {the}"
    elif gender == "f":
        the, of_the, at_the = f"la {name}", f"de la {name}", f"a la {name}"
    else:
        the, of_the, at_the = f"el {name}", f"del {name}", f"al {name}"
    a = ("una " if gender == "f" else "un ") + name
    bought = {("ca", "f"): "comprada", ("ca", "m"): "comprat"}.get(
        (language, gender), "comprada" if gender == "f" else "comprado"
    )
    return Product(the, of_the, at_the, a, bought, faults)


PRODUCTS = {
    language: tuple(_product(language, *row) for row in rows)
    for language, rows in _PRODUCTS.items()
}
# Days 2-28 but 11: Catalan says "l'1" and "l'11", and the templates say "el {date}".
DAYS = tuple(str(day) for day in range(2, 29) if day != 11)
CENTS = (0, 50, 90, 95)
SERIAL_LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"
ERROR_CODES = ("E21", "F05", "E13", "H20", "F28", "E04", "F17", "E32")
TOWNS = (
    "Sabadell",
    "Terrassa",
    "Girona",
    "Lleida",
    "Reus",
    "Manresa",
    "Vic",
    "Mataró",
    "Granollers",
    "Tarragona",
    "Badalona",
    "Figueres",
    "Vilanova",
    "Blanes",
)
MONTHS = {
    "ca": (
        "de gener",
        "de febrer",
        "de març",
        "d'abril",
        "de maig",
        "de juny",
        "de juliol",
        "d'agost",
        "de setembre",
        "d'octubre",
        "de novembre",
        "de desembre",
    ),
    "es": (
        "de enero",
        "de febrero",
        "de marzo",
        "de abril",
        "de mayo",
        "de junio",
        "de julio",
        "de agosto",
        "de septiembre",
        "de octubre",
        "de noviembre",
        "de diciembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
WEEKDAYS = {
    "ca": ("dilluns", "dimarts", "dimecres", "dijous", "divendres"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
}
DAY_PARTS = {
    "ca": ("al matí", "a la tarda", "a primera hora", "a migdia"),
    "es": ("por la mañana", "por la tarde", "a primera hora", "a mediodía"),
    "en": ("in the morning", "in the afternoon", "first thing", "around midday"),
}
COUNTS = {
    "ca": ("dues", "tres", "quatre", "cinc", "sis", "vuit", "deu", "onze"),
    "es": ("dos", "tres", "cuatro", "cinco", "seis", "ocho", "diez", "once"),
    "en": ("two", "three", "four", "five", "six", "eight", "ten", "eleven"),
}
# What a claim asks for, as a sentence names it; {amount} and {the} are filled in after.
REMEDIES: dict[str, dict[str, str]] = {
    "ca": {
        Remedy.REFUND: "el reemborsament de {amount}",
        Remedy.REPAIR: "la reparació gratuïta {of_the}",
        Remedy.REPLACEMENT: "la substitució {of_the} per una unitat nova",
        Remedy.COMPENSATION: "una indemnització de {amount} pels danys",
        Remedy.CONTRACT_TERMINATION: "la rescissió del contracte de manteniment",
        Remedy.DEBT_CANCELLATION: "l'anul·lació del deute de {amount}",
    },
    "es": {
        Remedy.REFUND: "el reembolso de {amount}",
        Remedy.REPAIR: "la reparación gratuita {of_the}",
        Remedy.REPLACEMENT: "la sustitución {of_the} por una unidad nueva",
        Remedy.COMPENSATION: "una indemnización de {amount} por los daños",
        Remedy.CONTRACT_TERMINATION: "la rescisión del contrato de mantenimiento",
        Remedy.DEBT_CANCELLATION: "la anulación de la deuda de {amount}",
    },
    "en": {
        Remedy.REFUND: "a refund of {amount}",
        Remedy.REPAIR: "a free repair {of_the}",
        Remedy.REPLACEMENT: "a replacement for {the}",
        Remedy.COMPENSATION: "compensation of {amount} for the damage",
        Remedy.CONTRACT_TERMINATION: "the termination of my maintenance contract",
        Remedy.DEBT_CANCELLATION: "the cancellation of the {amount} debt",
    },
}
REMEDY_WEIGHTS = {
    Remedy.REFUND: 40,
    Remedy.REPLACEMENT: 20,
    Remedy.REPAIR: 15,
    Remedy.COMPENSATION: 15,
    Remedy.CONTRACT_TERMINATION: 5,
    Remedy.DEBT_CANCELLATION: 5,
}
REMEDY_LIST = [str(remedy) for remedy in REMEDY_WEIGHTS]
REMEDY_CUMULATIVE = list(itertools.accumulate(REMEDY_WEIGHTS.values()))
MONEY_REMEDIES = frozenset({Remedy.REFUND, Remedy.COMPENSATION, Remedy.DEBT_CANCELLATION})


@dataclass
class Facts:
    """The story of one case: the slots its texts are filled with, and what a claim asks."""

    slots: dict[str, str]
    remedy: str
    cents: int  # the amount at stake, in cents


def _money(language: str, cents: int) -> str:
    euros, rest = divmod(cents, 100)
    if language == "en":
        return f"€{euros:,}.{rest:02d}"
    grouped = f"{euros:,}".replace(",", ".")
    return f"{grouped},{rest:02d} €"


def _numbers(customer_id: int, product: int, second: bool) -> tuple[str, str, str]:
    """The order, invoice and serial numbers of a customer's purchase: a customer has two
    orders, and one unit of each product, whichever case mentions them. (Numbers drawn afresh
    for every case would each be a word of its own, and slow the full-text index down.)"""
    key = customer_id * 2 + second
    order = str(1_000_000 + key * 7_919 % 9_000_000)
    # An order's invoice and its unit's serial number carry the order's own digits.
    invoice = f"F{2024 + key % 3}-{order}"
    unit = customer_id * len(PRODUCT_WEIGHTS) + product
    letter = SERIAL_LETTERS[unit % len(SERIAL_LETTERS)]
    return order, invoice, f"{letter}{unit % 9 + 1}-{order}"


def draw_facts(
    rng: random.Random, language: str, *, customer: tuple[int, str], reference: str
) -> Facts:
    """Draw what one case is about, in ``language``; the customer (id, name) and the reference
    are given."""
    draw = rng.random  # One uniform draw per slot: the seed takes ten thousand cases a second.

    def pick[T](values: Sequence[T]) -> T:
        return values[int(draw() * len(values))]

    def number(low: int, high: int) -> int:
        return low + int(draw() * (high - low + 1))

    position = bisect.bisect(PRODUCT_CUMULATIVE, draw() * PRODUCT_CUMULATIVE[-1])
    product = PRODUCTS[language][position]
    order, invoice, serial = _numbers(customer[0], position, draw() < 0.5)
    remedy = REMEDY_LIST[bisect.bisect(REMEDY_CUMULATIVE, draw() * REMEDY_CUMULATIVE[-1])]
    code = pick(ERROR_CODES)
    cents = number(19, 899) * 100 + pick(CENTS)
    slots = {
        "the": product.the,
        "The": product.the[0].upper() + product.the[1:],
        "of_the": product.of_the,
        "at_the": product.at_the,
        "a": product.a,
        "bought": product.bought,
        "fault": pick(product.faults).replace("{code}", code),
        "code": code,
        "amount": _money(language, cents),
        "order": order,
        "invoice": invoice,
        "serial": serial,
        "date": f"{pick(DAYS)} {pick(MONTHS[language])}",
        "weekday": pick(WEEKDAYS[language]),
        "later": pick(WEEKDAYS[language]),
        "day_part": pick(DAY_PARTS[language]),
        "months": pick(COUNTS[language]),
        "town": pick(TOWNS),
        "hour": str(number(9, 18)),
        "name": customer[1],
        "reference": reference,
    }
    slots["remedy"] = REMEDIES[language][remedy].format_map(slots)
    return Facts(slots, remedy, cents)
