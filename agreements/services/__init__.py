"""Writes, one module per concept. Each function is keyword-only and atomic."""
