"""Goals: what networking is for right now, weekly targets, and progress against them."""
