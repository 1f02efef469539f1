"""Ukrainian dates as people write them; Django's own Ukrainian formats cover the rest.

WEEKDAY_ABBREVIATIONS and SHORT_DAY_FORMAT are the portal's own (events.templatetags.portal.short_day):
day tabs read "ср 13.01". A day of a month takes the genitive, "13 січня", not Django's "13 Січень".
"""

MONTH_DAY_FORMAT = "j E"
WEEKDAY_ABBREVIATIONS = ("пн", "вт", "ср", "чт", "пт", "сб", "нд")
SHORT_DAY_FORMAT = "d.m"
