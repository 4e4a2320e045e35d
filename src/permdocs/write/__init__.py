"""Writing outputs: atomic all-or-nothing sets, the manifest, the audit log."""
