"""Charts and (later) PDF reports, built from agreements/health.py."""
