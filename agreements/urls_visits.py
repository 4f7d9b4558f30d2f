"""URLs of issue 12's visits (included by agreements/urls.py)."""

urlpatterns = []
