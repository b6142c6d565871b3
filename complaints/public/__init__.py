"""The public pages (DESIGN §7.1): for the worker, in Chinese by default, without JavaScript."""
