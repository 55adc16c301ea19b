"""Sign-in, the OAuth2 provider glue and personal access tokens."""
