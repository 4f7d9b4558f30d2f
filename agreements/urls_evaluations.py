"""URLs of issue 12's evaluations (included by agreements/urls.py)."""

urlpatterns = []
