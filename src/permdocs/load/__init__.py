"""Reading a case folder: text to plain data with positions, validation, profiles from disk."""
