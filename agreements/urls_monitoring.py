"""URLs of issue 12's monitoring (included by agreements/urls.py)."""

urlpatterns = []
