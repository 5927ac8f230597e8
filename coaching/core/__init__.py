"""The engine every feature plugs into: records, the store protocol, the registry, conversation state,
nudge delivery, and the text, time and tip helpers features share.

Commands, questions and due sources reach the engine only through the features a coach is given;
channel posts and file uploads are still called by name from `engine.py`, because adapters reach
them through their own `Coach` methods.
"""
