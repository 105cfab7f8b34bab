"""The app's screens, one module a screen; coach.app.PLACES says which exist and how to reach them."""
