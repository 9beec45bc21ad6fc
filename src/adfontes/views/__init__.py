"""Views: functions that return data; the CLI and the web render it."""
