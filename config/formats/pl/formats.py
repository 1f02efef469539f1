"""Polish dates as people write them; Django's own Polish formats cover the rest.

WEEKDAY_ABBREVIATIONS and SHORT_DAY_FORMAT are the portal's own (events.templatetags.portal.short_day):
day tabs read "śr 13.01", with the weekday in lower case as Polish writes it.
"""

WEEKDAY_ABBREVIATIONS = ("pn", "wt", "śr", "czw", "pt", "sob", "nd")
SHORT_DAY_FORMAT = "d.m"
# Django's Polish short formats write "20-05-2026"; Polish writes dates with dots.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
