"""Views, one module per area. They parse the request, call a selector or a service, render."""
