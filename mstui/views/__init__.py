"""Immutable read models: what the store hands out and the screens, widgets and CLI show.

One module per entity (people, milestones, targets, resources, alerts,
timeline, reports). Nothing here touches the database or lazy-loads, and
importing a view costs no SQLAlchemy: the app paints before the store loads.
"""
