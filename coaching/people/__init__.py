"""People: capture someone, find them again, follow up, keep in touch, ask your network for help."""
