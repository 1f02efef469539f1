"""English dates as Django writes them, with 24-hour times: "23:59", never "11:59 p.m.".

Events are in Poland and every other language of the portal writes times on the 24-hour clock.
"""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
# The portal's own (events.templatetags.portal.short_day): day tabs read "Wed 13 Jan".
SHORT_DAY_FORMAT = "j M"
