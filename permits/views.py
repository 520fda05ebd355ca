"""Permits pages."""
