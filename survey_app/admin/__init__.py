"""Pages for platform administrators."""
