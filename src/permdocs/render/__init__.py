"""Case to Word documents: the view model, the Jinja sandbox, docxtpl, verification."""
