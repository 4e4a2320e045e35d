"""The commands' library side: reports, letters, pack, batch, council templates."""
