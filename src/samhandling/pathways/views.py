"""Views of this bounded context: they parse the request, call services and selectors, render."""
