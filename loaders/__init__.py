"""Everything that moves data in or out of papergraph: source readers and writers."""
