"""The portal: web pages for offices, brokers, factories, the federation and the public.

It owns no business data: every page calls the other services' public HTTP APIs with
the signed-in organisation's own token, so each permission check stays in the service
that owns the data.
"""
