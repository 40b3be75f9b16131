"""The composition root: the one place that knows every capability. It registers them in
order (`capabilities.registry()`) and builds the web application (`app.create_app`); the CLI
and the migrations start from here too."""
