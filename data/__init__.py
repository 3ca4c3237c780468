"""Data shipped with mstui: the demo stories (and templates), read with importlib.resources."""
