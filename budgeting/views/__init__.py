"""Views of the budgeting app, one module per audience."""
