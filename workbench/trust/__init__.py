"""Who may see and do what: accounts, access, consent, checked links, the audit log and pseudonyms."""
