"""Your data: import contacts from other apps, export everything, or have it all deleted."""
