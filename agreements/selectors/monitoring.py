"""Reads of the annual work plans, their indicators and realisation (issue 12: being
written). Every figure of plan against realisation is computed here once."""


def agreement_work_plans(*, agreement, user):
    return []


def pks_work_plans(*, pks, user):
    return []
