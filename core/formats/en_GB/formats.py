"""Django's own date formats for en-GB, set to the GOV.UK style of core.dates: a date printed without a format of its
own (`{{ day }}`, `|date`, `|date:"SHORT_DATE_FORMAT"`, the admin's lists) reads "3 Dec 2026", never "03/12/2026".

The input formats are left as Django has them: the admin's date widgets read and write them.
"""

from core import dates

DATE_FORMAT = dates.SHORT_DATE
DATETIME_FORMAT = dates.SHORT_DATETIME
SHORT_DATE_FORMAT = dates.SHORT_DATE
SHORT_DATETIME_FORMAT = dates.SHORT_DATETIME
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
