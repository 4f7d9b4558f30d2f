"""What every writing service shares."""


def save_as(instance, actor):
    """Save ``instance`` with ``actor`` named as the author of its change-history row.

    simple-history reads ``_history_user`` when there is no request to take the user
    from (a management command, a seeder, a test calling the service).
    """
    instance._history_user = actor
    instance.save()
    return instance
