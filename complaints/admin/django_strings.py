"""Strings Django 6.1 shows in the admin that its own Chinese catalogue does not translate
yet; marking them here keeps them in this project's catalogue, which takes precedence."""

from django.utils.translation import gettext_noop

DJANGO_GAPS = (
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
)
