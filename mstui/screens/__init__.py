"""Screens: ask the store (in thread workers) and pass the results to widgets."""
