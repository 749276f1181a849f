"""Sign-in, user accounts and what each role may do in the interface."""
