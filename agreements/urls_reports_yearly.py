"""URLs of issue 12's reports_yearly (included by agreements/urls.py)."""

urlpatterns = []
