"""URLs of issue 12's benefits (included by agreements/urls.py)."""

urlpatterns = []
