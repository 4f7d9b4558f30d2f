"""Mark MoUs and PKS whose validity end has passed as expired. Run daily from cron."""

from django.core.management.base import BaseCommand

from agreements.services.lifecycle import expire_agreements
from agreements.services.pks import expire_pks


class Command(BaseCommand):
    help = "Mark as expired every MoU and every PKS whose validity end has passed."

    def handle(self, *args, **options):
        expired = expire_agreements()
        for agreement in expired:
            self.stdout.write(f"expired: {agreement.pk} {agreement.title}")
        self.stdout.write(f"{len(expired)} agreement(s) expired.")
        # After the MoUs: a PKS whose MoU ended today is flagged, not expired, until its own end.
        expired_pks = expire_pks()
        # Said only when there are some: the output of a day without PKS stays as it was.
        if expired_pks:
            for pks in expired_pks:
                self.stdout.write(f"expired PKS: {pks.pk} {pks.title}")
            self.stdout.write(f"{len(expired_pks)} PKS expired.")
