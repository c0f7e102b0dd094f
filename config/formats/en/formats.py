"""English as written in a European department: the day before the month ("3 December 2026",
"03/12/2026 14:05"), the 24-hour clock, weeks from Monday; typed dates read day first."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is how a date is written back into a text field; ISO (2026-12-03, what a date
# picker sends) is accepted in every language.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '03/12/2026'
    "%d/%m/%y",  # '03/12/26'
    "%d-%m-%Y",  # '03-12-2026'
    "%d.%m.%Y",  # '03.12.2026'
    "%d %B %Y",  # '3 December 2026'
    "%d %b %Y",  # '3 Dec 2026'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",  # '03/12/2026 14:05:59'
    "%d/%m/%Y %H:%M:%S.%f",  # '03/12/2026 14:05:59.000200'
    "%d/%m/%Y %H:%M",  # '03/12/2026 14:05'
    "%d/%m/%y %H:%M:%S",  # '03/12/26 14:05:59'
    "%d/%m/%y %H:%M",  # '03/12/26 14:05'
]
