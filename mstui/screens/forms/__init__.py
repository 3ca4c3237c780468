"""Modal forms; each saves through the store in a thread and shows refusals inline."""
