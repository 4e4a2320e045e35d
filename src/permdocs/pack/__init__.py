"""The panel pack: contents, index, Word merge, LibreOffice conversion, PDF assembly."""
