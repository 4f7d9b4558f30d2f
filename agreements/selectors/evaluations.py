"""Reads of the annual evaluations (issue 12: being written)."""


def agreement_evaluations(*, agreement, user):
    return []


def pks_evaluations(*, pks, user):
    return []
