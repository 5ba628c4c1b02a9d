"""Reads of PB voting."""
