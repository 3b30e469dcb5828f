"""Sessions: games played to the end by people, policies and peers; logs that are never lost."""
