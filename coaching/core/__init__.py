"""The engine every feature plugs into: records, the store protocol, the registry, conversation state,
nudge delivery, and the text, time and tip helpers features share. Knows no feature by name."""
