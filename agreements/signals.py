"""Signals the domain sends for the site to act on (the domain never imports the site).

- ``logged_out_everywhere(sender=User, user, request)``: the user ended every other
  session of theirs; the site writes it to the security log.
"""

from django.dispatch import Signal

logged_out_everywhere = Signal()
