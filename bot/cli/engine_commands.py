"""`tunewise recommend`, `tunewise prices`, `tunewise schema` (PLACEHOLDER until the engine issue lands)."""

COMMANDS: list = []
