"""Widgets: render plain data handed to them; never touch the database."""
