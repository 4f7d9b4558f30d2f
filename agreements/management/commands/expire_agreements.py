"""Mark MoUs whose validity end has passed as expired. Run daily from cron."""

from django.core.management.base import BaseCommand

from agreements.services.lifecycle import expire_agreements


class Command(BaseCommand):
    help = "Mark as expired every MoU whose validity end has passed."

    def handle(self, *args, **options):
        expired = expire_agreements()
        for agreement in expired:
            self.stdout.write(f"expired: {agreement.pk} {agreement.title}")
        self.stdout.write(f"{len(expired)} agreement(s) expired.")
