"""Reads of visits and delegations (issue 12: being written)."""


def agreement_visits(*, agreement, user):
    return []
