"""Sign-in, sign-out, passwords and the User model."""
