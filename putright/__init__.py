"""Putright: complaints handling for UK public bodies."""

__version__ = "0.1.0"
