"""Reads, one module per concept. List selectors take the user and scope the queryset."""
