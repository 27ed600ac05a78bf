"""The floor every service stands on: words and numbers, errors, the family store, and the caseload's index."""
